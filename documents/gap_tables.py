"""The yearly progress report's appendix "Còn thiếu gì để đạt kiểu mẫu": one table per ward,
from the same gaps as the ward dashboard (criteria.gap_selectors)."""

from __future__ import annotations

import datetime

from criteria.gap_selectors import wards_gaps
from criteria.gaps import AT_RISK, NO_DATA, NOT_MET, UNDECIDED
from criteria.periods import provisional_label
from wards.models import Ward

HEADERS = ["Tiêu chí", "Tình trạng", "Còn thiếu"]
# The document is written in Vietnamese whatever the reader's language (like content.py).
STATUS_WORDS = {
    NOT_MET: "Không đạt",
    AT_RISK: "Có nguy cơ",
    NO_DATA: "Thiếu số liệu",
    UNDECIDED: "Chưa đánh giá",
}


def gap_appendix(*, wards: list[Ward], year: int, today: datetime.date, number: int) -> dict:
    """Return the appendix part (title and one table per ward) of what each ward still lacks."""
    found = wards_gaps(wards=wards, year=year, today=today)
    blocks: list[dict] = []
    through = next((g.through_month for g in found.values() if g.through_month), None)
    if through:
        blocks.append(
            {
                "type": "p",
                "text": f"{provisional_label(through, year)}: tính theo các báo cáo đã duyệt; "
                "“Có nguy cơ” là tiêu chí còn đạt được nếu đáp ứng phần còn thiếu.",
            }
        )
    for ward in wards:
        ward_gaps = found.get(ward.pk)
        if ward_gaps is None:
            continue
        rows = [[g.criterion_label, STATUS_WORDS[g.status], g.text] for g in ward_gaps.items]
        blocks.append(
            {
                "type": "table",
                "caption": ward.display_name,
                "headers": HEADERS,
                "rows": rows or [["—", "—", "Không còn thiếu gì: mọi tiêu chí đều đạt."]],
                "numeric": [],
                "widths": [50, 22, 88],
                "classes": [],
            }
        )
    if len(blocks) == (1 if through else 0):
        blocks.append({"type": "p", "text": f"Chưa tính được cho năm {year}."})
    return {
        "title": f"Phụ lục {number}. Còn thiếu gì để đạt kiểu mẫu, năm {year}",
        "landscape": False,
        "blocks": blocks,
    }
