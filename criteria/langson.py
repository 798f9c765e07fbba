"""The provisional set of 22 criteria (from Part II of the Đề án), as data."""

from __future__ import annotations

from django.db import transaction

from criteria.models import Area, CriteriaSet, Criterion, CriterionKind, StartingAssessment
from wards.langson import register_loader
from wards.models import Ward

SET_NAME = "Bộ tiêu chí tạm thời (22 tiêu chí, theo Phần thứ hai của Đề án)"
SET_EFFECTIVE_YEAR = 2023
SET_VERSION = 1


def _months_max(field: str, maximum: int = 0) -> dict:
    return {"source": "months", "field": field, "max": maximum}


def _year_ratio(part: str, whole: str | list[str], min_pct: str) -> dict:
    return {"source": "year", "part": part, "whole": whole, "min_pct": min_pct}


# (number, area, kind, title_vi, title_en, target_text, rule_key, thresholds)
CRITERIA_2023: list[tuple] = [
    (
        1,
        Area.PARTY_FORCE,
        CriterionKind.MANUAL,
        "Đảng bộ phường “Hoàn thành xuất sắc nhiệm vụ”; UBND phường “Tập thể lao động xuất "
        "sắc”; phường đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
        "Ward Party committee 'Excellent'; ward People's Committee 'Excellent collective'; "
        "ward 'Safe for security and order'",
        "Đạt cả ba danh hiệu",
        "",
        {},
    ),
    (
        2,
        Area.PARTY_FORCE,
        CriterionKind.MANUAL,
        "Chi bộ Công an phường “Hoàn thành xuất sắc nhiệm vụ”, “Trong sạch, vững mạnh” tiêu biểu",
        "Ward police Party cell 'Excellent' and 'Clean and strong' (exemplary)",
        "Đạt cả hai",
        "",
        {},
    ),
    (
        3,
        Area.PARTY_FORCE,
        CriterionKind.MANUAL,
        "Thi đua “Hoàn thành vượt mức dẫn đầu”, “Đơn vị Quyết thắng”, “Đơn vị văn hóa, gương "
        "mẫu chấp hành Điều lệnh CAND”",
        "Emulation: 'Leading, above target', 'Victory unit', 'Cultured unit, exemplary "
        "in police regulations'",
        "Đạt cả ba",
        "",
        {},
    ),
    (
        4,
        Area.PARTY_FORCE,
        CriterionKind.AUTO,
        "Cán bộ, chiến sĩ được phân loại “Hoàn thành tốt nhiệm vụ” trở lên",
        "Officers rated 'Good' or better",
        "100%",
        "staff_ratings",
        {"min_pct": "100"},
    ),
    (
        5,
        Area.PARTY_FORCE,
        CriterionKind.AUTO,
        "Biên chế từ 15 đến 20 người; mỗi tổ từ 03 biên chế trở lên",
        "Headcount 15-20; every team at least 3",
        "15–20 người; mỗi tổ ≥ 3",
        "staff_structure",
        {"min_headcount": 15, "max_headcount": 20, "min_team_size": 3},
    ),
    (
        6,
        Area.STATE_MANAGEMENT,
        CriterionKind.AUTO,
        "Không xảy ra cháy, nổ nghiêm trọng trở lên; không có đua xe trái phép",
        "No serious fire or explosion; no illegal street racing",
        "0 và 0",
        "checks",
        {"checks": [_months_max("serious_fires"), _months_max("illegal_racing")]},
    ),
    (
        7,
        Area.STATE_MANAGEMENT,
        CriterionKind.AUTO,
        "Quản lý, giám sát đối tượng thuộc diện quản lý; tỷ lệ tái phạm",
        "Managed subjects under supervision; reoffending rate",
        "100%; dưới 1,5%",
        "managed_subjects",
        {"min_supervised_pct": "100", "max_reoffending_pct": "1.5"},
    ),
    (
        8,
        Area.STATE_MANAGEMENT,
        CriterionKind.AUTO,
        "Tố giác, tin báo tội phạm được tiếp nhận, xử lý theo quy định",
        "Crime reports and tips received and handled",
        "100%",
        "checks",
        {
            "checks": [
                {
                    "source": "months",
                    "part": "crime_reports_handled",
                    "whole": "crime_reports_received",
                    "carried": "crime_reports_carried_over",
                    "min_pct": "100",
                }
            ]
        },
    ),
    (
        9,
        Area.STATE_MANAGEMENT,
        CriterionKind.AUTO,
        "Không có tội phạm từ nghiêm trọng trở lên, lỗi cố ý, do công dân cư trú gây ra; "
        "kéo giảm tội phạm về trật tự xã hội so với năm trước",
        "No serious intentional crime by residents; social-order crime down on last year",
        "0; giảm ít nhất 6%",
        "crime_yoy",
        {"zero_field": "serious_resident_crimes", "min_decrease_pct": "6"},
    ),
    (
        10,
        Area.STATE_MANAGEMENT,
        CriterionKind.AUTO,
        "Tụ điểm phức tạp về hình sự, ma túy, tệ nạn xã hội, tài nguyên, môi trường, an toàn "
        "thực phẩm",
        "Complex hot spots (crime, drugs, social evils, environment, food safety)",
        "Không có, hoặc giảm ít nhất 50% và không phát sinh mới",
        "hot_spots_yoy",
        {"min_decrease_pct": "50"},
    ),
    (
        11,
        Area.STATE_MANAGEMENT,
        CriterionKind.AUTO,
        "Không có tội phạm kinh tế, buôn lậu, gian lận thương mại, hàng giả, hàng cấm số lượng "
        "lớn hoặc tái phạm",
        "No large-scale economic crime, smuggling, counterfeit or banned goods, or repeat",
        "0",
        "checks",
        {"checks": [_months_max("large_economic_cases")]},
    ),
    (
        12,
        Area.STATE_MANAGEMENT,
        CriterionKind.AUTO,
        "Số người nghiện ma túy giảm so với năm trước; không phát sinh người nghiện mới",
        "Drug addicts down on last year; no new addicts",
        "giảm ít nhất 15%; 0 người nghiện mới",
        "drugs_yoy",
        {"min_decrease_pct": "15"},
    ),
    (
        13,
        Area.STATE_MANAGEMENT,
        CriterionKind.AUTO,
        "Đối tượng trốn các loại bị truy bắt hoặc vận động đầu thú so với năm trước",
        "Fugitives caught or persuaded to surrender, up on last year",
        "tăng ít nhất 20%",
        "fugitives_yoy",
        {"min_increase_pct": "20"},
    ),
    (
        14,
        Area.STATE_MANAGEMENT,
        CriterionKind.MIXED,
        "Không có tội phạm manh động, “xã hội đen”; không có sự kiện bất ngờ về chính trị, bạo "
        "loạn, khủng bố; không có khiếu kiện đông người, vượt cấp trái pháp luật",
        "No violent or organised crime; no political incident, riot or terrorism; no unlawful "
        "mass complaints",
        "Không có (phần chính trị, bạo loạn do Công an tỉnh đánh giá)",
        "checks",
        {"checks": [_months_max("violent_organised_crime"), _months_max("mass_complaints")]},
    ),
    (
        15,
        Area.MASS_MOVEMENT,
        CriterionKind.AUTO,
        "Nhân dân và cán bộ phường được biểu dương, khen thưởng trong phong trào toàn dân bảo "
        "vệ an ninh Tổ quốc",
        "Residents and ward officials commended in the movement",
        "ít nhất 1",
        "checks",
        {"checks": [{"source": "year", "field": "commendations", "min": 1}]},
    ),
    (
        16,
        Area.MASS_MOVEMENT,
        CriterionKind.AUTO,
        "Bảo vệ dân phố, Dân phòng không vi phạm kỷ luật; khu dân cư, cơ quan, doanh nghiệp đạt "
        "“An toàn về ANTT”",
        "Civil defence without discipline breaches; residential areas, agencies, enterprises "
        "'Safe'",
        "0; ≥ 90%",
        "checks",
        {
            "checks": [
                {"source": "year", "field": "civil_defence_breaches", "max": 0},
                _year_ratio("safe_units", "safety_units", "90"),
            ]
        },
    ),
    (
        17,
        Area.MASS_MOVEMENT,
        CriterionKind.AUTO,
        "Mô hình tự quản về ANTT, mô hình “Dân vận khéo” được đánh giá chất lượng; ý kiến của "
        "Nhân dân được giải quyết",
        "Self-managed security models; 'Skilful mass mobilisation' models; citizens' feedback "
        "resolved",
        "≥ 2; ≥ 1; 100%",
        "checks",
        {
            "checks": [
                {"source": "year", "field": "self_managed_models_good", "min": 2},
                {"source": "year", "field": "dan_van_kheo_models", "min": 1},
                {
                    "source": "months",
                    "part": "feedback_resolved",
                    "whole": "feedback_received",
                    "min_pct": "100",
                },
            ]
        },
    ),
    (
        18,
        Area.MASS_MOVEMENT,
        CriterionKind.AUTO,
        "“Tổ dân phố văn hóa”; “Gia đình văn hóa”; hộ thực hiện tốt nếp sống văn minh",
        "Cultured residential groups; cultured families; households keeping civilised customs",
        "≥ 90%; ≥ 90%; ≥ 80%",
        "checks",
        {
            "checks": [
                _year_ratio("cultured_residential_groups", "residential_groups", "90"),
                _year_ratio("cultured_households", "households", "90"),
                _year_ratio("civilised_households", "households", "80"),
            ]
        },
    ),
    (
        19,
        Area.MASS_MOVEMENT,
        CriterionKind.AUTO,
        "Quy ước cộng đồng ở mọi tổ dân phố; hộ ven đường cam kết không lấn chiếm vỉa hè; cơ "
        "sở đạt tiêu chuẩn môi trường, an toàn thực phẩm",
        "Community conventions; roadside households pledged; businesses meeting environment "
        "and food-safety standards",
        "100% mỗi chỉ tiêu",
        "checks",
        {
            "checks": [
                _year_ratio("groups_with_convention", "residential_groups", "100"),
                _year_ratio("roadside_pledged_households", "roadside_households", "100"),
                _year_ratio("compliant_businesses", "businesses", "100"),
            ]
        },
    ),
    (
        20,
        Area.PROCEDURES,
        CriterionKind.AUTO,
        "Thủ tục hành chính được công khai; giải quyết đúng hạn; giải quyết trước hạn",
        "Procedures published; settled on time; settled early",
        "100%; 100%; ≥ 10%",
        "checks",
        {
            "checks": [
                _year_ratio("procedures_published", "procedures_total", "100"),
                {
                    "source": "months",
                    "part": "procedures_on_time",
                    "whole": "procedures_received",
                    "carried": "procedures_carried_over",
                    "min_pct": "100",
                },
                {
                    "source": "months",
                    "part": "procedures_early",
                    "whole": ["procedures_on_time", "procedures_late"],
                    "min_pct": "10",
                },
            ]
        },
    ),
    (
        21,
        Area.PROCEDURES,
        CriterionKind.AUTO,
        "Không có đơn thư phản ánh cán bộ được xác minh là đúng; báo cáo tháng đầy đủ, đúng hạn",
        "No substantiated complaint about officers; monthly reports complete and on time",
        "0; 12/12 tháng",
        "reporting",
        {"max_substantiated_complaints": 0},
    ),
    (
        22,
        Area.FACILITIES,
        CriterionKind.AUTO,
        "Trang thiết bị tối thiểu; trụ sở đạt chuẩn (đất ≥ 500 m², còn niên hạn sử dụng)",
        "Minimum equipment; headquarters to standard (land ≥ 500 m², within service life)",
        "Đủ trang bị; đất ≥ 500 m²; còn niên hạn",
        "facilities",
        {"min_land_m2": 500},
    ),
]


@register_loader(order=50)
@transaction.atomic
def load_criteria() -> dict[str, int]:
    """Create the 2023 criteria set and its criteria when missing; return how many were created.

    Existing rows are left alone, so an administrator's edits survive a re-run.
    """
    criteria_set, made_set = CriteriaSet.objects.get_or_create(
        version=SET_VERSION,
        defaults={"name": SET_NAME, "effective_year": SET_EFFECTIVE_YEAR},
    )
    created = 0
    for number, area, kind, title_vi, title_en, target, rule_key, thresholds in CRITERIA_2023:
        _, made = Criterion.objects.get_or_create(
            criteria_set=criteria_set,
            number=number,
            defaults={
                "area": area,
                "kind": kind,
                "title_vi": title_vi,
                "title_en": title_en,
                "target_text": target,
                "rule_key": rule_key,
                "thresholds": thresholds,
            },
        )
        created += made
    return {"criteria_sets": int(made_set), "criteria": created}


# The Đề án (part I.1): "Công an phường Hoàng Văn Thụ đạt 18/22 chỉ tiêu, Công an 04 phường còn
# lại ... đạt từ 15-18/22 chỉ tiêu". For a range the low end is assumed (shown "giả định").
# (ward code, met, top of the range or None)
STARTING_POINTS_2022 = [
    ("hoang-van-thu", 18, None),
    ("chi-lang", 15, 18),
    ("dong-kinh", 15, 18),
    ("vinh-trai", 15, 18),
    ("tam-thanh", 15, 18),
]


@register_loader(order=55)
@transaction.atomic
def load_starting_points() -> dict[str, int]:
    """Create the wards' 2022 starting self-assessments that are missing (edits are kept)."""
    wards = {w.code: w for w in Ward.objects.filter(code__in=[c for c, *_ in STARTING_POINTS_2022])}
    created = 0
    for code, met, met_max in STARTING_POINTS_2022:
        if code not in wards:
            continue
        _, made = StartingAssessment.objects.get_or_create(
            ward=wards[code], year=2022, defaults={"met": met, "met_max": met_max}
        )
        created += made
    return {"starting_assessments": created}
