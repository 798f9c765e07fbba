"""Reads on criteria-set versions: the list of versions and two versions side by side."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from criteria.models import CriteriaSet, Criterion

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"
STATUS_LABELS = {
    SAME: _("Giữ nguyên"),
    CHANGED: _("Thay đổi"),
    ADDED: _("Thêm mới"),
    REMOVED: _("Bỏ"),
}
# The fields compared, with their names on the page.
COMPARED = [
    ("area", _("lĩnh vực")),
    ("title_vi", _("tên")),
    ("title_en", _("tên tiếng Anh")),
    ("target_text", _("chỉ tiêu")),
    ("kind", _("cách đánh giá")),
    ("rule_key", _("quy tắc")),
    ("thresholds", _("ngưỡng")),
]


def criteria_sets_all() -> QuerySet[CriteriaSet]:
    """Return every version, newest first, with its number of criteria."""
    return CriteriaSet.objects.annotate(criteria_count=Count("criteria")).order_by("-version")


def criteria_set_current() -> CriteriaSet | None:
    """Return the active version with the latest effective year (the one admins start from)."""
    return CriteriaSet.objects.filter(is_active=True).order_by("-effective_year").first()


@dataclass
class ComparedRow:
    number: int
    status: str
    left: Criterion | None
    right: Criterion | None
    changed: list[str] = field(default_factory=list)  # names of the fields that differ

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def criteria_sets_compare(left: CriteriaSet, right: CriteriaSet) -> dict:
    """Return the two versions' criteria side by side, matched by number, each row marked
    same, changed (with the fields that differ), added (only right) or removed (only left)."""
    a = {c.number: c for c in left.criteria.all()}
    b = {c.number: c for c in right.criteria.all()}
    for criterion in [*a.values(), *b.values()]:
        criterion.thresholds_text = json.dumps(criterion.thresholds, ensure_ascii=False)
    rows = []
    for number in sorted(a.keys() | b.keys()):
        old, new = a.get(number), b.get(number)
        if old is None:
            rows.append(ComparedRow(number, ADDED, None, new))
        elif new is None:
            rows.append(ComparedRow(number, REMOVED, old, None))
        else:
            changed = [
                str(label) for name, label in COMPARED if getattr(old, name) != getattr(new, name)
            ]
            rows.append(ComparedRow(number, CHANGED if changed else SAME, old, new, changed))
    counts = {status: sum(1 for r in rows if r.status == status) for status in STATUS_LABELS}
    return {"left": left, "right": right, "rows": rows, "counts": counts}
