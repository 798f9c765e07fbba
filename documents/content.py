"""The figures of an official document and the sentences suggested from them.

`build_content` reads the scorecards, monthly reports, roster, equipment, projects and budget
through the other apps' selectors and returns a JSON-ready dict: the figure tables shown under
"Kết quả đạt được", the appendix (the wards × criteria matrix on landscape pages, the numbers
of each chart), and a suggested text for each narrative section. A draft keeps this dict; a
finalised document renders from it forever after, so its PDF and Word files can be made again
byte for byte. Text is plain (no HTML); numbers are already formatted the Vietnamese way.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import translation

from budget.selectors import UNDETERMINED, commitments_needing_payer, plan_reconciliation
from criteria.labels import REFERENCE_SET_LABEL, REFERENCE_SET_NOTE
from criteria.models import CriterionResult, Result, Scorecard
from criteria.periods import provisional_label
from criteria.selectors import criteria_set_for_year, model_ward_years, ward_scorecard
from dashboards.selectors import (
    completeness_now,
    incident_trends,
    projects_and_budget,
    trend_charts,
)
from documents.gap_tables import gap_appendix
from facilities.models import EquipmentKind, ProjectStatus
from facilities.selectors import roadmap_rows, staffing_and_equipment_rows
from wards.assumptions import (
    BUDGET_EVEN_SPREAD,
    HQ_SERVICE_LIFE,
    TARGET_YEAR_ORDER,
    TEAM_EDUCATION_SPLIT,
    Assumption,
)
from wards.models import Ward
from wards.selectors import wards_in_year

CONTENT_VERSION = 1
MATRIX_WARDS_PER_PAGE = 8  # ward columns of one landscape matrix table
CELL_WORDS = {
    Result.MET: "Đạt",
    Result.NOT_MET: "Không đạt",
    Result.NOT_ASSESSABLE: "Chưa ĐG",
    None: "–",
}
CELL_CLASSES = {
    Result.MET: "met",
    Result.NOT_MET: "not-met",
    Result.NOT_ASSESSABLE: "na",
    None: "none",
}


def vnd(amount: int | None) -> str:
    """Return a whole number grouped with dots: 28.868.000.000."""
    return f"{amount or 0:,}".replace(",", ".")


def two(n: int) -> str:
    """Return a count as official documents write it: 05 phường, 12 phường."""
    return f"{n:02d}"


def lower_first(text: str) -> str:
    """Return the text with its first letter in lower case: 'phường Chi Lăng'."""
    return text[:1].lower() + text[1:]


def paragraph(text: str) -> dict:
    return {"type": "p", "text": text}


def table(
    caption: str,
    headers: list[str],
    rows: list[list],
    *,
    numeric: tuple[int, ...] = (),
    widths: list[int] | None = None,
    classes: list[list[str]] | None = None,
) -> dict:
    """Return a table block; `numeric` columns are right-aligned, `widths` in mm (optional)."""
    return {
        "type": "table",
        "caption": caption,
        "headers": [str(h) for h in headers],
        "rows": [["" if v is None else str(v) for v in row] for row in rows],
        "numeric": list(numeric),
        "widths": widths or [],
        "classes": classes or [],
    }


def chart(title: str, svg: str, note: str) -> dict:
    return {"type": "chart", "title": title, "svg": str(svg), "note": note}


# --- reading the data --------------------------------------------------------------------------


@dataclass
class Facts:
    """What the documents say, read once per document."""

    year_from: int
    year_to: int
    month: int | None
    today: datetime.date
    score_year: int
    wards: list[Ward] = field(default_factory=list)
    scorecards: dict[int, Scorecard] = field(default_factory=dict)
    not_met: dict[int, list[CriterionResult]] = field(default_factory=dict)
    model_years: dict[int, list[int]] = field(default_factory=dict)
    years: list[dict] = field(default_factory=list)
    trends: dict = field(default_factory=dict)
    charts: list = field(default_factory=list)
    completeness: dict | None = None
    money: dict = field(default_factory=dict)
    plan: list = field(default_factory=list)
    flagged: list = field(default_factory=list)
    roadmap: list = field(default_factory=list)
    staffing: list = field(default_factory=list)
    equipment: list = field(default_factory=list)
    matrix: dict = field(default_factory=dict)


def _ward_periods(wards: list[Ward], year: int) -> list[tuple[str, list[Ward]]]:
    """Return the sets of wards of a year, each with its period words ("" for the whole year,
    "đến 30/06/2025", "từ 01/07/2025"), whole year first."""
    whole: list[Ward] = []
    until: dict[datetime.date, list[Ward]] = defaultdict(list)
    since: dict[datetime.date, list[Ward]] = defaultdict(list)
    for ward in wards:
        if ward.valid_to and ward.valid_to.year == year and ward.valid_to.month < 12:
            until[ward.valid_to].append(ward)
        elif (
            ward.valid_from
            and ward.valid_from.year == year
            and ward.valid_from > datetime.date(year, 1, 1)
        ):
            since[ward.valid_from].append(ward)
        else:
            whole.append(ward)
    periods = [("", whole)] if whole else []
    periods += [(f"đến {day:%d/%m/%Y}", until[day]) for day in sorted(until)]
    periods += [(f"từ {day:%d/%m/%Y}", since[day]) for day in sorted(since)]
    return periods


def wards_text(wards: list[Ward], year: int) -> str:
    """Return how many wards stood in a year, keeping apart the sets of a year that spans a
    reorganisation: '5 phường đến 30/06/2025 và 4 phường từ 01/07/2025' (never added up)."""
    parts = [f"{len(group)} phường {words}".strip() for words, group in _ward_periods(wards, year)]
    return " và ".join(parts) or "không có phường nào"


def ward_names_text(wards: list[Ward], year: int) -> str:
    """Return the names of the wards in force in a year, by period: 'Chi Lăng, Đông Kinh' or
    'đến 30/06/2025: Chi Lăng, …; từ 01/07/2025: Đông Kinh, …'."""
    parts = []
    for words, group in _ward_periods(wards, year):
        names = ", ".join(w.name for w in group)
        parts.append(f"{words}: {names}" if words else names)
    return "; ".join(parts)


def _score_year(year: int, month: int | None) -> int:
    """Return the year whose scorecards a document shows: its own year, or for a monthly check
    made before the year is scored, the year before."""
    if month is None or Scorecard.objects.filter(year=year).exists():
        return year
    return year - 1


def read_facts(*, year_from: int, year_to: int, month: int | None, today: datetime.date) -> Facts:
    """Read everything a document of the period needs (a fixed number of queries per year)."""
    score_year = _score_year(year_to, month)
    facts = Facts(year_from, year_to, month, today, score_year)
    facts.wards = list(wards_in_year(year=score_year))
    facts.scorecards = {
        s.ward_id: s for s in Scorecard.objects.filter(year=score_year, ward__in=facts.wards)
    }
    criteria_set = criteria_set_for_year(score_year)
    criteria = list(criteria_set.criteria.order_by("number")) if criteria_set else []
    results = (
        CriterionResult.objects.filter(
            year=score_year, ward__in=facts.wards, criterion__criteria_set=criteria_set
        )
        .select_related("criterion")
        .defer("inputs", "data_fingerprint")
    )
    by_ward: dict[int, dict[int, CriterionResult]] = defaultdict(dict)
    for result in results:
        by_ward[result.ward_id][result.criterion_id] = result
        if result.result == Result.NOT_MET:
            facts.not_met.setdefault(result.ward_id, []).append(result)
    for items in facts.not_met.values():
        items.sort(key=lambda r: r.criterion.number)
    facts.matrix = {"criteria": criteria, "results": by_ward}
    facts.model_years = model_ward_years()
    counts = defaultdict(lambda: {"scored": 0, "model": []})
    for card in Scorecard.objects.filter(year__gte=year_from, year__lte=year_to).select_related(
        "ward"
    ):
        counts[card.year]["scored"] += 1
        if card.is_model_ward:
            counts[card.year]["model"].append(card.ward.display_name)
    for year in range(year_from, year_to + 1):
        if year > today.year:
            break
        standing = list(wards_in_year(year=year))
        facts.years.append(
            {
                "year": year,
                "wards": wards_text(standing, year),
                "scored": counts[year]["scored"],
                "model": sorted(counts[year]["model"]),
            }
        )
    facts.trends = incident_trends(year=year_to, until=month)
    facts.charts = trend_charts(facts.trends)
    if month is not None:
        facts.completeness = completeness_now(today=today, period=(year_to, month))
    facts.money = projects_and_budget()
    facts.plan = plan_reconciliation()
    facts.flagged = commitments_needing_payer(day=today)
    facts.roadmap = roadmap_rows(
        wards=Ward.objects.filter(in_programme=True), today=today, model_years=facts.model_years
    )
    for people, items in staffing_and_equipment_rows(
        wards=wards_in_year(year=score_year), year=score_year, today=today
    ):
        facts.staffing.append(people)
        facts.equipment.append(items)
    return facts


# --- figure tables -----------------------------------------------------------------------------


def _provisional_through(facts: Facts) -> int | None:
    """Return the last month of a year still running that the scorecards count (None when the
    year's scorecards are final)."""
    months = [card.provisional_month for card in facts.scorecards.values()]
    return max((m for m in months if m), default=None)


def _scorecard_table(facts: Facts) -> dict:
    rows = []
    for ward in facts.wards:
        card = facts.scorecards.get(ward.pk)
        if card is None:
            rows.append([ward.display_name, "Chưa đánh giá", "–"])
        else:
            if card.provisional_month:
                verdict = "Chưa kết luận (năm chưa kết thúc)"
            else:
                verdict = "Đạt" if card.is_model_ward else "Chưa đạt"
            rows.append([ward.display_name, f"{card.met_count}/{card.in_force_count}", verdict])
    title = f"Kết quả đánh giá tiêu chí năm {facts.score_year}"
    through = _provisional_through(facts)
    if through:
        title += f" ({provisional_label(through, facts.score_year).lower()})"
    return table(
        title,
        ["Phường", "Số tiêu chí đạt", "Kiểu mẫu"],
        rows,
        numeric=(1,),
    )


def _years_table(facts: Facts) -> dict:
    rows = [
        [
            str(y["year"]),
            y["wards"],
            str(y["scored"]),
            ", ".join(y["model"]) or "Chưa có",
        ]
        for y in facts.years
    ]
    return table(
        f"Kết quả theo từng năm, {facts.year_from}-{facts.year_to}",
        ["Năm", "Phường thuộc Đề án", "Đã đánh giá", "Đạt kiểu mẫu"],
        rows,
        numeric=(2,),
    )


def _trends_table(facts: Facts) -> dict:
    trends = facts.trends
    if trends["window"]:
        caption = (
            f"Tình hình vụ việc lũy kế {trends['months_text']}/{trends['year']}, "
            f"so với {trends['basis']}"
        )
    else:
        caption = f"Tình hình vụ việc năm {trends['year']}: chưa có báo cáo tháng nào được duyệt"
    rows = []
    for row in trends["rows"]:
        change = row.change_pct
        change_text = "—" if change is None else f"{'+' if change > 0 else ''}{change}%"
        previous = "—" if row.previous is None else str(row.previous).replace(".", ",")
        rows.append([row.label, str(row.current), previous, change_text.replace(".", ",")])
    return table(
        caption,
        ["Loại vụ việc", str(trends["year"]), f"Cùng kỳ {trends['year'] - 1}", "Tăng/giảm"],
        rows,
        numeric=(1, 2, 3),
    )


def _completeness_table(facts: Facts) -> dict:
    board = facts.completeness
    rows = []
    for row in board["rows"]:
        cell = row["cell"]
        rows.append([row["ward"].display_name, cell.label + (" (chậm hạn)" if cell.late else "")])
    totals = board["totals"]
    return table(
        f"Báo cáo tháng {board['month']}/{board['year']}: {totals['submitted']}/"
        f"{totals['expected']} phường đã gửi, {totals['approved']} đã duyệt, "
        f"{totals['late']} chậm hạn",
        ["Phường", "Tình trạng báo cáo"],
        rows,
    )


def _projects_table(facts: Facts) -> dict:
    rows = [
        [
            p.ward.display_name,
            p.title,
            str(p.status_label),  # "Quá hạn — ..." past its planned finish year
            f"{p.progress_percent}%",
            vnd(p.allocated),
            vnd(p.disbursed),
        ]
        for p in facts.money["projects"]
    ]
    return table(
        "Dự án trụ sở Công an phường",
        ["Phường", "Dự án", "Trạng thái", "Tiến độ", "Phân bổ (đồng)", "Giải ngân (đồng)"],
        rows,
        numeric=(3, 4, 5),
    )


def _sources_table(facts: Facts) -> dict:
    money = facts.money
    rows = [
        [r["source__name"], vnd(r["allocated"]), vnd(r["disbursed"]), vnd(r["remaining"])]
        for r in money["by_source"]
    ]
    totals = money["totals"]
    rows.append(
        ["Tổng", vnd(totals["allocated"]), vnd(totals["disbursed"]), vnd(totals["remaining"])]
    )
    return table(
        "Kinh phí theo nguồn vốn",
        ["Nguồn vốn", "Phân bổ (đồng)", "Đã giải ngân (đồng)", "Còn lại (đồng)"],
        rows,
        numeric=(1, 2, 3),
    )


def _plan_table(facts: Facts) -> dict:
    rows = [
        [line.label, UNDETERMINED, "—", "—", "Chưa có số tiền"]
        if line.is_undetermined
        else [
            line.label,
            vnd(line.expected),
            vnd(line.allocated),
            vnd(line.difference),
            "Khớp" if line.reconciles else "Chưa khớp",
        ]
        for line in facts.plan
    ]
    return table(
        "Đối chiếu kinh phí với Đề án",
        ["Khoản", "Theo Đề án (đồng)", "Đã phân bổ (đồng)", "Chênh lệch (đồng)", "Khớp"],
        rows,
        numeric=(1, 2, 3),
    )


NEEDS_NEW_PAYER = "Cần xác định nguồn thay thế"


def _flagged_table(facts: Facts) -> dict:
    rows = [
        [
            str(a.year),
            f"{a.project.title} ({a.project.ward.display_name})",
            a.source.name,
            a.effective_payer.text_name,
            vnd(a.remaining),
            NEEDS_NEW_PAYER,
        ]
        for a in facts.flagged
    ]
    return table(
        "Kinh phí cần xác định nguồn thay thế",
        ["Năm", "Dự án", "Nguồn vốn", "Cơ quan chi trả", "Còn phải chi (đồng)", "Tình trạng"],
        rows,
        numeric=(4,),
    )


def _roadmap_table(facts: Facts) -> dict:
    rows = [
        [
            str(row.target_year or "—"),
            row.ward.display_name,
            ", ".join(str(y) for y in row.model_years) or "—",
            row.label,
        ]
        for row in facts.roadmap
    ]
    return table(
        "Lộ trình xây dựng Công an phường kiểu mẫu",
        ["Năm mục tiêu", "Phường", "Năm đạt kiểu mẫu", "Tình trạng"],
        rows,
    )


def _staffing_table(facts: Facts) -> dict:
    rows = []
    for people, items in zip(facts.staffing, facts.equipment, strict=True):
        missing = [
            f"{n} {label.lower()}"
            for (kind, label) in EquipmentKind.choices
            if (n := items.missing[kind])
        ]
        rows.append(
            [
                people.ward.display_name,
                str(people.headcount),
                "Đạt" if people.headcount_ok else "Chưa đạt",
                "Đạt" if people.teams_ok else "Chưa đạt",
                ", ".join(missing) if items.counted else "Chưa kiểm kê",
            ]
        )
    return table(
        f"Lực lượng và trang thiết bị năm {facts.score_year}",
        ["Phường", "Cán bộ", "15-20 người", "Mỗi tổ ≥ 3", "Trang thiết bị còn thiếu"],
        rows,
        numeric=(1,),
    )


ESTIMATED = "ước tính"


def _cell_word(result: CriterionResult | None) -> str:
    """Return 'Đạt', 'Không đạt', 'Chưa ĐG' or '–', with '(ước tính)' when the comparison used
    a figure estimated from a yearly one (the scorecard's measured value says so)."""
    word = CELL_WORDS[result.result if result else None]
    if result is not None and ESTIMATED in result.measured_text:
        word += f" ({ESTIMATED})"
    return word


def _matrix_tables(facts: Facts) -> list[dict]:
    """Return the wards × criteria matrix as landscape tables: a row per criterion with its
    name, at most MATRIX_WARDS_PER_PAGE ward columns per table."""
    criteria = facts.matrix["criteria"]
    if not criteria:
        return [paragraph(f"Chưa có bộ tiêu chí áp dụng cho năm {facts.score_year}.")]
    blocks = []
    wards = facts.wards
    for start in range(0, max(len(wards), 1), MATRIX_WARDS_PER_PAGE):
        chunk = wards[start : start + MATRIX_WARDS_PER_PAGE]
        rows, classes = [], []
        for criterion in criteria:
            cells = [facts.matrix["results"].get(w.pk, {}).get(criterion.pk) for w in chunk]
            values = [_cell_word(c) for c in cells]
            rows.append([f"{criterion.number}. {criterion.title_vi}", *values])
            classes.append(["", *(CELL_CLASSES[c.result if c else None] for c in cells)])
        totals = []
        for ward in chunk:
            card = facts.scorecards.get(ward.pk)
            totals.append(f"{card.met_count}/{card.in_force_count}" if card else "–")
        rows.append(["Số tiêu chí đạt", *totals])
        classes.append(["total", *(["total"] * len(chunk))])
        part = "" if len(wards) <= MATRIX_WARDS_PER_PAGE else f" (phần {start // 8 + 1})"
        blocks.append(
            {
                **table(
                    f"Kết quả từng tiêu chí của các phường năm {facts.score_year}{part}",
                    ["Tiêu chí", *(w.display_name for w in chunk)],
                    rows,
                    classes=classes,
                ),
                "matrix": True,
            }
        )
    if any(
        ESTIMATED in result.measured_text
        for results in facts.matrix["results"].values()
        for result in results.values()
    ):
        blocks.append(
            paragraph(
                f"({ESTIMATED.capitalize()}): so sánh cùng kỳ có dùng số liệu ước tính từ số liệu "
                "cả năm của đơn vị tiền thân (theo tỷ lệ số tháng, làm tròn đến số nguyên gần "
                "nhất), do quản trị hệ thống cho phép; cách tính nêu trong kết quả đánh giá từng "
                "tiêu chí."
            )
        )
    return blocks


def _not_met_table(facts: Facts) -> dict:
    rows = [
        [ward.display_name, f"{r.criterion.number}. {r.criterion.title_vi}", r.explanation]
        for ward in facts.wards
        for r in facts.not_met.get(ward.pk, [])
    ]
    return table(
        "Tiêu chí chưa đạt của từng phường",
        ["Phường", "Tiêu chí", "Lý do (theo kết quả đánh giá tiêu chí)"],
        rows or [["—", "Không có tiêu chí nào chưa đạt", ""]],
    )


def _chart_data_table(chart_obj, number: str) -> dict:
    return table(
        f"{number}. {chart_obj.title}",
        chart_obj.headers,
        chart_obj.rows,
        numeric=tuple(range(1, len(chart_obj.headers))),
    )


def _commendation_tables(facts: Facts) -> list[dict]:
    """Return the wards that met the standard in the period and their evidence."""
    wards = {w.pk: w for w in Ward.objects.filter(pk__in=list(facts.model_years))}
    listed = [
        (ward_id, year)
        for ward_id, years in facts.model_years.items()
        for year in years
        if facts.year_from <= year <= facts.year_to and ward_id in wards
    ]
    listed.sort(key=lambda item: (item[1], wards[item[0]].sort_name))
    rows, evidence_rows = [], []
    for ward_id, year in listed:
        ward = wards[ward_id]
        data = ward_scorecard(ward=ward, year=year)
        card = data["scorecard"]
        rows.append(
            [
                f"Tập thể Công an {lower_first(ward.display_name)}",
                str(year),
                f"{card.met_count}/{card.in_force_count}" if card else "–",
            ]
        )
        for row in data["rows"]:
            files = ", ".join(item.original_name for item in row.evidence)
            note = row.decision.note if row.decision else ""
            if files or note:
                evidence_rows.append(
                    [
                        ward.display_name,
                        str(year),
                        f"{row.criterion.number}. {row.criterion.title_vi}",
                        note or "—",
                        files or "—",
                    ]
                )
    blocks = [
        table(
            "Tập thể đề nghị khen thưởng (đạt Công an phường kiểu mẫu)",
            ["Tập thể", "Năm đạt", "Số tiêu chí đạt"],
            rows or [["Chưa có phường nào đạt trong giai đoạn", "", ""]],
            numeric=(2,),
        )
    ]
    blocks.append(
        table(
            "Minh chứng đã lưu trong hệ thống",
            ["Phường", "Năm", "Tiêu chí", "Nhận xét của Công an tỉnh", "Tệp minh chứng"],
            evidence_rows or [["—", "", "", "Chưa có minh chứng nào được lưu", ""]],
        )
    )
    return blocks


# --- the suggested narrative -------------------------------------------------------------------


def _model_wards_sentence(facts: Facts) -> str:
    achieved = sorted(
        (years[0], w.display_name)
        for w in Ward.objects.filter(pk__in=list(facts.model_years))
        for years in [facts.model_years[w.pk]]
        if years and years[0] <= facts.year_to
    )
    if not achieved:
        return "Đến nay chưa có phường nào được công nhận đạt Công an phường kiểu mẫu."
    listed = "; ".join(f"{name} (năm {year})" for year, name in achieved)
    return f"Lũy kế đến nay có {two(len(achieved))} phường đạt kiểu mẫu: {listed}."


def narrative(facts: Facts, kind: str) -> dict[str, str]:
    """Return a suggested text for each of the five sections, from the data (the reviewer
    edits it): results, criteria not met and why, overdue projects, budget gaps, what each
    ward still lacks, and what to do next."""
    year = facts.score_year
    results, shortcomings, causes, directions, proposals = [], [], [], [], []

    # Kết quả đạt được
    scored = [w for w in facts.wards if w.pk in facts.scorecards]
    model = [w for w in scored if facts.scorecards[w.pk].is_model_ward]
    if model:
        verdict = (
            f"trong đó {two(len(model))} phường đạt Công an phường kiểu mẫu "
            f"({', '.join(w.display_name for w in model)})."
        )
    elif through := _provisional_through(facts):
        verdict = (
            f"kết quả {provisional_label(through, year).lower()}, "
            f"chưa kết luận phường đạt kiểu mẫu của năm {year}."
        )
    else:
        verdict = "chưa có phường nào đạt Công an phường kiểu mẫu."
    names = ward_names_text(facts.wards, year)
    results.append(
        f"Năm {year} có {wards_text(facts.wards, year)} thuộc Đề án"
        + (f" ({names})" if names else "")
        + f"; đã đánh giá tiêu chí {two(len(scored))} phường, {verdict}"
    )
    results.append(_model_wards_sentence(facts))
    trends = facts.trends
    if trends["window"]:
        changes = []
        for row in trends["rows"]:
            if row.change_pct is None:
                changes.append(f"{row.label.lower()} {row.current} vụ")
            else:
                word = "giảm" if row.change_pct < 0 else "tăng"
                pct = str(abs(row.change_pct)).replace(".", ",")
                changes.append(f"{row.label.lower()} {row.current} vụ ({word} {pct}%)")
        results.append(
            f"Lũy kế {trends['months_text']}/{trends['year']} so với {trends['basis']}: "
            + "; ".join(changes)
            + "."
        )
    totals = facts.money.get("totals", {})
    if totals.get("allocated"):
        share = totals["disbursed"] * 100 // totals["allocated"]
        results.append(
            f"Kinh phí đã phân bổ {vnd(totals['allocated'])} đồng, đã giải ngân "
            f"{vnd(totals['disbursed'])} đồng ({share}%)."
        )
    if facts.completeness:
        t = facts.completeness["totals"]
        results.append(
            f"Báo cáo tháng {facts.completeness['month']}/{facts.completeness['year']}: "
            f"{t['submitted']}/{t['expected']} phường đã gửi, {t['approved']} đã duyệt, "
            f"{t['late']} chậm hạn."
        )

    # Tồn tại, hạn chế — criteria not met and why, projects, budget, what wards lack
    for ward in facts.wards:
        items = facts.not_met.get(ward.pk, [])
        if items:
            numbers = ", ".join(str(r.criterion.number) for r in items)
            first = items[0]
            shortcomings.append(
                f"{ward.display_name} chưa đạt {two(len(items))} tiêu chí ({numbers}), "
                f"ví dụ tiêu chí {first.criterion.number}: {first.explanation.rstrip('.')}; "
                "lý do từng tiêu chí nêu tại Phụ lục 2."
            )
    unscored = [w.display_name for w in facts.wards if w.pk not in facts.scorecards]
    if unscored:
        shortcomings.append(f"Chưa đánh giá tiêu chí năm {year}: {', '.join(unscored)}.")
    overdue = [
        p
        for p in facts.money.get("projects", [])
        if p.status != ProjectStatus.FINISHED
        and p.planned_finish_year
        and p.planned_finish_year < facts.today.year
    ]
    for p in overdue:
        shortcomings.append(
            f"Dự án {p.title} ({p.ward.display_name}) chậm tiến độ: kế hoạch hoàn thành năm "
            f"{p.planned_finish_year}, đạt {p.progress_percent}%, trạng thái "
            f"{str(p.get_status_display()).lower()}."
        )
    gaps = [
        line
        for line in facts.plan
        if line.kind != "subtotal" and not line.is_undetermined and not line.reconciles
    ]
    owed = facts.flagged
    if owed:
        payers = sorted({a.effective_payer.text_name for a in owed})
        shortcomings.append(
            f"{two(len(owed))} khoản kinh phí chưa giải ngân, tổng "
            f"{vnd(sum(a.remaining for a in owed))} đồng, do {', '.join(payers)} chi trả nhưng "
            "cơ quan này không còn: cần xác định nguồn thay thế (bảng Kinh phí cần xác định "
            "nguồn thay thế)."
        )
    for line in gaps:
        word = "còn thiếu" if line.difference < 0 else "vượt"
        shortcomings.append(
            f"{line.label}: đã phân bổ {vnd(line.allocated)}/{vnd(line.expected)} đồng, "
            f"{word} {vnd(abs(line.difference))} đồng so với Đề án."
        )
    for people, items in zip(facts.staffing, facts.equipment, strict=True):
        lacks = []
        if not people.headcount_ok:
            lacks.append(f"có {people.headcount} cán bộ (chỉ tiêu 15-20)")
        if not people.teams_ok:
            short = [str(t) for t, n, ok in people.team_list if not ok]
            lacks.append(f"{len(short)} tổ chưa đủ 03 người")
        missing = [
            f"{n} {label.lower()}"
            for kind, label in EquipmentKind.choices
            if (n := items.missing[kind])
        ]
        if missing and items.counted:
            lacks.append("thiếu " + ", ".join(missing))
        if lacks:
            shortcomings.append(f"{people.ward.display_name} còn " + "; ".join(lacks) + ".")
    if not shortcomings:
        shortcomings.append("Chưa phát hiện tồn tại, hạn chế từ số liệu của hệ thống.")

    # Nguyên nhân
    if gaps:
        causes.append("Nguồn kinh phí theo Đề án chưa được bố trí đủ, đúng thời gian.")
    if overdue:
        causes.append("Công tác chuẩn bị đầu tư, giải phóng mặt bằng xây dựng trụ sở còn chậm.")
    if any(facts.not_met.values()):
        causes.append(
            "Một số phường chưa tập trung chỉ đạo thực hiện các tiêu chí còn thiếu; "
            "kết quả từng tiêu chí và lý do chưa đạt nêu tại Phụ lục 1 và Phụ lục 2."
        )
    if facts.completeness and facts.completeness["totals"]["late"]:
        causes.append("Việc báo cáo số liệu hằng tháng của một số phường chưa đúng hạn.")
    if any(y["year"] == 2025 for y in facts.years) or facts.year_to == 2025:
        causes.append(
            "Năm 2025 sắp xếp lại đơn vị hành chính cấp xã (từ 01/07/2025), số liệu các phường "
            "trước và sau ngày 01/07/2025 được theo dõi riêng."
        )
    if not causes:
        causes.append("(Bổ sung nguyên nhân khách quan, chủ quan.)")

    # Phương hướng, nhiệm vụ
    for ward in facts.wards:
        items = facts.not_met.get(ward.pk, [])
        if items:
            numbers = ", ".join(str(r.criterion.number) for r in items)
            directions.append(f"{ward.display_name}: tập trung hoàn thành các tiêu chí {numbers}.")
    upcoming = [
        row
        for row in facts.roadmap
        if row.target_year
        and row.target_year > year
        and not row.model_years
        and not (row.ward.valid_to and row.ward.valid_to.year < row.target_year)
    ]
    if upcoming:
        nxt = min(row.target_year for row in upcoming)
        names = ", ".join(row.ward.display_name for row in upcoming if row.target_year == nxt)
        directions.append(f"Năm {nxt} xây dựng Công an phường kiểu mẫu đối với {names}.")
    for p in facts.money.get("projects", []):
        if p.status != ProjectStatus.FINISHED:
            directions.append(
                f"Đôn đốc dự án {p.title} ({p.ward.display_name}), kế hoạch hoàn thành năm "
                f"{p.planned_finish_year or '—'}."
            )
    if not directions:
        directions.append("Duy trì, giữ vững các tiêu chí đã đạt.")

    # Kiến nghị, đề xuất
    for line in gaps:
        if line.difference < 0:
            proposals.append(
                f"Đề nghị bố trí {vnd(-line.difference)} đồng còn thiếu: {line.label}."
            )
    if kind in {"commendation", "final_review"} and model:
        proposals.append(
            "Đề nghị khen thưởng các tập thể "
            + ", ".join(f"Công an {lower_first(w.display_name)}" for w in model)
            + " đã hoàn thành xây dựng Công an phường kiểu mẫu."
        )
    if owed:
        proposals.append(
            f"Đề nghị xác định cơ quan chi trả thay thế cho {vnd(sum(a.remaining for a in owed))} "
            "đồng kinh phí trước đây do ngân sách thành phố Lạng Sơn bố trí."
        )
    if any(line.is_undetermined for line in facts.plan):
        proposals.append(
            "Đề nghị xác định kinh phí và cơ quan chi trả giải phóng mặt bằng xây dựng trụ sở "
            "(Đề án giao ngân sách thành phố, chưa xác định số tiền)."
        )
    if not proposals:
        proposals.append("(Bổ sung kiến nghị, đề xuất.)")

    return {
        "results": "\n".join(results),
        "shortcomings": "\n".join(shortcomings),
        "causes": "\n".join(causes),
        "directions": "\n".join(directions),
        "proposals": "\n".join(proposals),
    }


# --- what the figures assume ------------------------------------------------------------------


def assumptions_blocks(kind: str) -> list[dict]:
    """Return the "Giả định" paragraphs: the criteria set's label, then each assumption the
    document's figures rely on (always in Vietnamese, the documents' language)."""
    used: list[Assumption] = [HQ_SERVICE_LIFE]  # criterion 22 of the matrix reads it
    if kind != "commendation":
        used.append(BUDGET_EVEN_SPREAD)  # the projects and funding sources tables
        if kind != "monthly_check":
            used += [TARGET_YEAR_ORDER, TEAM_EDUCATION_SPLIT]  # roadmap and staffing tables
    with translation.override("vi"):
        blocks = [paragraph(f"Bộ tiêu chí: {REFERENCE_SET_LABEL}. {REFERENCE_SET_NOTE}")]
        blocks += [paragraph(f"{a.title}: {a.text}") for a in used]
    return blocks


# --- the content of each kind ------------------------------------------------------------------


def build_content(
    *, kind: str, year_from: int, year_to: int, month: int | None, today: datetime.date
) -> dict:
    """Return the figures, the appendix and the suggested narrative of a document."""
    facts = read_facts(year_from=year_from, year_to=year_to, month=month, today=today)
    figures: list[dict] = []
    appendix: list[dict] = []
    multi_year = kind in {"review_first_year", "review_phase", "final_review"}

    if kind == "commendation":
        figures += _commendation_tables(facts)
    else:
        if multi_year:
            figures.append(_years_table(facts))
        figures.append(_scorecard_table(facts))
        if facts.completeness:
            figures.append(_completeness_table(facts))
        figures.append(_trends_table(facts))
        if facts.trends["window"]:
            line = facts.charts[1]
            figures.append(chart(line.title, line.svg, "Số liệu của biểu đồ: Phụ lục 3."))
        figures.append(_projects_table(facts))
        figures.append(_sources_table(facts))
        if facts.flagged:
            figures.append(_flagged_table(facts))
        if kind != "monthly_check":
            figures.append(_plan_table(facts))
            figures.append(_roadmap_table(facts))
            figures.append(_staffing_table(facts))

    appendix.append(
        {
            "title": f"Phụ lục 1. Kết quả thực hiện các tiêu chí năm {facts.score_year}",
            "landscape": True,
            "blocks": _matrix_tables(facts),
        }
    )
    appendix.append(
        {
            "title": f"Phụ lục 2. Các tiêu chí chưa đạt và lý do, năm {facts.score_year}",
            "landscape": False,
            "blocks": [_not_met_table(facts)],
        }
    )
    if kind != "commendation" and facts.trends["window"]:
        appendix.append(
            {
                "title": "Phụ lục 3. Số liệu của biểu đồ",
                "landscape": False,
                "blocks": [_chart_data_table(facts.charts[1], "Bảng 3.1")],
            }
        )
    if kind == "year_progress":
        appendix.append(
            gap_appendix(
                wards=facts.wards, year=facts.score_year, today=today, number=len(appendix) + 1
            )
        )
    appendix.append(
        {
            "title": f"Phụ lục {len(appendix) + 1}. Giả định",
            "landscape": False,
            "blocks": assumptions_blocks(kind),
        }
    )
    return {
        "version": CONTENT_VERSION,
        "score_year": facts.score_year,
        "figures": figures,
        "appendix": appendix,
        "narrative": narrative(facts, kind),
    }
