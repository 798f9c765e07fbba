"""Official documents in the format of Nghị định 30/2020/NĐ-CP (Phụ lục I): what each kind says
and to whom, its number and symbol, and the `Sheet` both renderers (PDF and Word) draw.

A Sheet is built from an OfficialDocument (draft or finalised: the figures it stored, the text
the reviewer wrote) or, for the progress report asked from the documents page, straight from
the current data with the suggested text and no number yet.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone

PLACE = "Lạng Sơn"
PROGRAMME = (
    "Đề án xây dựng Công an phường điển hình, kiểu mẫu về an ninh, trật tự và văn minh đô thị "
    "giai đoạn 2023-2030"
)
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FIRST_YEAR = 2023
LAST_YEAR = 2030
SECTION_NUMBERS = ("I", "II", "III", "IV", "V")


@dataclass(frozen=True)
class KindSpec:
    """What a kind of document is called, says and covers by default."""

    type_name: str  # BÁO CÁO, TỜ TRÌNH
    type_code: str  # BC, TTr (before the issuer's abbreviation in the symbol)
    summary: str  # trích yếu, formatted with year_from, year_to, month
    addressee: str = ""
    extra_recipients: tuple[str, ...] = ()
    monthly: bool = False
    default_years: tuple[int, int] | None = None  # fixed period; None: the chosen year


SPECS: dict[str, KindSpec] = {
    "monthly_check": KindSpec(
        "BÁO CÁO",
        "BC",
        "Kết quả kiểm tra, giám sát thực hiện Đề án xây dựng Công an phường điển hình, kiểu mẫu "
        "về an ninh, trật tự và văn minh đô thị tháng {month}/{year_to}",
        monthly=True,
    ),
    "year_progress": KindSpec(
        "BÁO CÁO",
        "BC",
        "Tiến độ thực hiện Đề án xây dựng Công an phường điển hình, kiểu mẫu về an ninh, trật "
        "tự và văn minh đô thị năm {year_to}",
    ),
    "review_first_year": KindSpec(
        "BÁO CÁO",
        "BC",
        "Sơ kết 01 năm thực hiện Đề án xây dựng Công an phường điển hình, kiểu mẫu về an ninh, "
        "trật tự và văn minh đô thị ({year_from}-{year_to})",
        default_years=(2023, 2024),
    ),
    "review_phase": KindSpec(
        "BÁO CÁO",
        "BC",
        "Sơ kết giai đoạn {year_from}-{year_to} thực hiện Đề án xây dựng Công an phường điển "
        "hình, kiểu mẫu về an ninh, trật tự và văn minh đô thị",
        default_years=(2023, 2027),
    ),
    "final_review": KindSpec(
        "BÁO CÁO",
        "BC",
        "Tổng kết thực hiện Đề án xây dựng Công an phường điển hình, kiểu mẫu về an ninh, trật "
        "tự và văn minh đô thị giai đoạn {year_from}-{year_to}",
        addressee="Đảng ủy Công an Trung ương",
        extra_recipients=("Như trên;", "Bộ Công an (Cục Cảnh sát quản lý hành chính về TTXH);"),
        default_years=(2023, 2030),
    ),
    "commendation": KindSpec(
        "TỜ TRÌNH",
        "TTr",
        "Đề nghị khen thưởng tập thể có thành tích xuất sắc trong thực hiện Đề án xây dựng "
        "Công an phường điển hình, kiểu mẫu về an ninh, trật tự và văn minh đô thị "
        "({year_from}-{year_to})",
        addressee="Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
        extra_recipients=("Như trên;",),
    ),
}

INTRODUCTIONS = {
    "monthly_check": (
        "Thực hiện nhiệm vụ được giao tại mục 3.6 phần IV {programme}, {issuer} kiểm tra, "
        "giám sát, đánh giá kết quả thực hiện tháng {month}/{year_to} như sau:"
    ),
    "year_progress": (
        "Thực hiện {programme}, {issuer} báo cáo tiến độ thực hiện năm {year_to} như sau:"
    ),
    "review_first_year": (
        "Thực hiện mục 3.1 phần IV {programme} về tổ chức sơ kết, đánh giá rút kinh nghiệm sau "
        "01 năm thực hiện, {issuer} báo cáo kết quả giai đoạn {year_from}-{year_to} như sau:"
    ),
    "review_phase": (
        "Thực hiện {programme}, {issuer} sơ kết, đánh giá kết quả thực hiện giai đoạn "
        "{year_from}-{year_to} như sau:"
    ),
    "final_review": (
        "Thực hiện mục 3.1 phần IV {programme}, {issuer} báo cáo Đảng ủy Công an Trung ương "
        "kết quả tổng kết thực hiện Đề án giai đoạn {year_from}-{year_to} như sau:"
    ),
    "commendation": (
        "Căn cứ kết quả thực hiện {programme} giai đoạn {year_from}-{year_to}, {issuer} kính "
        "trình xem xét khen thưởng các tập thể có thành tích xuất sắc như sau:"
    ),
}


def default_period(kind: str, year: int, month: int | None) -> tuple[int, int, int | None]:
    """Return (year_from, year_to, month) of a kind asked for a year (and month)."""
    spec = SPECS[kind]
    if spec.default_years:
        return (*spec.default_years, None)
    if kind == "commendation":
        return FIRST_YEAR, year, None
    return year, year, month if spec.monthly else None


def symbol(number: int | None, *, kind: str, abbreviation: str) -> str:
    """Return the number and symbol: '12/BC-CAT'; before finalising the number is left blank
    for the clerk, as on a draft: '      /BC-CAT'."""
    code = SPECS[kind].type_code
    return f"{number if number else ' ' * 6}/{code}-{abbreviation}"


def official_date(day: datetime.date, place: str = PLACE) -> str:
    """Return the date as official documents write it: 'Lạng Sơn, ngày 05 tháng 7 năm 2023'
    (days below 10 and months 1 and 2 take a leading zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def issuer_on(day: datetime.date):
    """Return the body that issues the programme's documents on a day, or None."""
    from wards.selectors import issuer_on as body_issuing_on

    return body_issuing_on(day)


def recipients_for(kind: str, issuer) -> str:
    """Return the default 'Nơi nhận' lines of a kind from an issuer."""
    lines = list(SPECS[kind].extra_recipients)
    lines += [line for line in (issuer.recipients if issuer else "").splitlines() if line.strip()]
    return "\n".join(lines)


def summary_for(kind: str, year_from: int, year_to: int, month: int | None) -> str:
    return SPECS[kind].summary.format(year_from=year_from, year_to=year_to, month=month)


def introduction_for(kind: str, year_from: int, year_to: int, month: int | None, issuer) -> str:
    name = issuer.text_name if issuer is not None else "Ban Chỉ đạo"
    return INTRODUCTIONS[kind].format(
        programme=PROGRAMME, issuer=name, year_from=year_from, year_to=year_to, month=month
    )


def content_fingerprint(payload: object) -> str:
    """Return the SHA-256 of a JSON-ready value (sorted keys): the data a rendering used."""
    if dataclasses.is_dataclass(payload):
        payload = dataclasses.asdict(payload)
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Sheet:
    """Everything one official document shows, in order, as plain text and blocks."""

    kind: str
    superior: str
    issuer: str
    number: str
    date_line: str
    type_name: str
    summary: str
    addressee: str
    introduction: str
    sections: list[tuple[str, list[str]]]
    figures: list[dict]
    recipients: list[str]
    authority: str
    signer_title: str
    signer_name: str
    appendix: list[dict] = field(default_factory=list)
    draft: bool = True
    made_at: datetime.datetime | None = None

    @property
    def title(self) -> str:
        return f"{self.type_name} {self.number.strip()} — {self.summary}"


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_nfc(v) for v in value)
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def paragraphs(text: str) -> list[str]:
    """Return the non-empty lines of a section's text (each a paragraph)."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _sections(texts: dict[str, str]) -> list[tuple[str, list[str]]]:
    from documents.models import NARRATIVE_SECTIONS

    return [
        (f"{SECTION_NUMBERS[i]}. {str(label).upper()}", paragraphs(texts.get(name, "")))
        for i, (name, label) in enumerate(NARRATIVE_SECTIONS)
    ]


def sheet_for_document(document) -> Sheet:
    """Return the Sheet of an OfficialDocument: its issuer and number (blank on a draft), its
    text, and the figures it stored."""
    issuer = document.issuer
    data = document.data or {}
    return _nfc(
        Sheet(
            kind=document.kind,
            superior=issuer.superior.upper(),
            issuer=issuer.name.upper(),
            number=document.number_text,
            date_line=official_date(document.issued_on, issuer.place),
            type_name=SPECS[document.kind].type_name,
            summary=document.summary,
            addressee=document.addressee,
            introduction=document.introduction,
            sections=_sections({name: getattr(document, name) for name, *_ in document.sections()}),
            figures=data.get("figures", []),
            recipients=paragraphs(document.recipients),
            authority=document.authority.upper(),
            signer_title=document.signer_title.upper(),
            signer_name=document.signer_name,
            appendix=data.get("appendix", []),
            draft=document.is_draft,
            made_at=document.finalised_at or document.data_made_at,
        )
    )


def sheet_for_request(
    *, kind: str, year: int, month: int | None = None, today: datetime.date | None = None
) -> Sheet:
    """Return the Sheet of a kind made now from the current data, with the suggested text, the
    issuer valid today and no number (the progress report asked from the documents page)."""
    from documents.content import build_content

    today = today or timezone.localdate()
    year_from, year_to, month = default_period(kind, year, month)
    issuer = issuer_on(today)
    content = build_content(
        kind=kind, year_from=year_from, year_to=year_to, month=month, today=today
    )
    spec = SPECS[kind]
    return _nfc(
        Sheet(
            kind=kind,
            superior=(issuer.superior if issuer else "").upper(),
            issuer=(issuer.name if issuer else "BAN CHỈ ĐẠO ĐỀ ÁN").upper(),
            number=symbol(None, kind=kind, abbreviation=issuer.abbreviation if issuer else "BCĐ"),
            date_line=official_date(today, issuer.place if issuer else PLACE),
            type_name=spec.type_name,
            summary=summary_for(kind, year_from, year_to, month),
            addressee=spec.addressee,
            introduction=introduction_for(kind, year_from, year_to, month, issuer),
            sections=_sections(content["narrative"]),
            figures=content["figures"],
            recipients=paragraphs(recipients_for(kind, issuer)),
            authority=(issuer.authority if issuer else "").upper(),
            signer_title=(issuer.signer_title if issuer else "").upper(),
            signer_name=issuer.signer_name if issuer else "",
            appendix=content["appendix"],
            draft=True,
            made_at=None,
        )
    )
