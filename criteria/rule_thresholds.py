"""What each registered rule reads from its thresholds, to check a criterion before it is stored.

Kept beside `criteria.rules` (every key registered there has an entry here; a test checks it).
A problem is returned as a sentence in the users' words, naming the threshold.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from criteria.rules import RULES
from reports.rules import MONTHLY_FIELDS, YEARLY_FIELDS

PERCENT = "percent"  # a number from 0 to 100
COUNT = "count"  # a whole number ≥ 0
MONTHLY_FIELD = "monthly_field"  # the name of a monthly report figure
CHECKS = "checks"  # the list of checks of the 'checks' rule

# rule key -> (required {threshold: kind}, optional {threshold: kind})
THRESHOLDS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "checks": ({"checks": CHECKS}, {}),
    "crime_yoy": ({"min_decrease_pct": PERCENT}, {"zero_field": MONTHLY_FIELD}),
    "hot_spots_yoy": ({"min_decrease_pct": PERCENT}, {}),
    "drugs_yoy": ({"min_decrease_pct": PERCENT}, {}),
    "fugitives_yoy": ({"min_increase_pct": PERCENT}, {}),
    "managed_subjects": ({"min_supervised_pct": PERCENT, "max_reoffending_pct": PERCENT}, {}),
    "reporting": ({}, {"max_substantiated_complaints": COUNT}),
    "staff_ratings": ({"min_pct": PERCENT}, {}),
    "staff_structure": (
        {"min_headcount": COUNT, "max_headcount": COUNT, "min_team_size": COUNT},
        {},
    ),
    "facilities": ({"min_land_m2": COUNT}, {}),
}


def rule_keys() -> list[str]:
    """Return the rule keys a criterion may name, sorted."""
    return sorted(RULES)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _value_problem(name: str, kind: str, value: Any) -> str | None:
    number = _number(value) if kind in {PERCENT, COUNT} else None
    if kind == PERCENT and (number is None or not 0 <= number <= 100):
        return _("ngưỡng “%(name)s” phải là số từ 0 đến 100") % {"name": name}
    if kind == COUNT and (number is None or number < 0 or number != number.to_integral_value()):
        return _("ngưỡng “%(name)s” phải là số nguyên không âm") % {"name": name}
    if kind == MONTHLY_FIELD and value not in MONTHLY_FIELDS:
        return _("ngưỡng “%(name)s” phải là tên một chỉ số của báo cáo tháng") % {"name": name}
    if kind == CHECKS:
        return _checks_problem(value)
    return None


def _checks_problem(checks: Any) -> str | None:
    """Return what is wrong with the list of checks of the 'checks' rule, or None."""
    if not isinstance(checks, list) or not checks:
        return _("ngưỡng “checks” phải là danh sách có ít nhất một phép kiểm tra")
    for index, spec in enumerate(checks, start=1):
        where = _("phép kiểm tra thứ %(n)s") % {"n": index}
        if not isinstance(spec, dict):
            return _("%(where)s phải là một đối tượng {…}") % {"where": where}
        source = spec.get("source", "months")
        if source not in {"months", "year"}:
            return _("%(where)s: “source” phải là “months” hoặc “year”") % {"where": where}
        fields = MONTHLY_FIELDS if source == "months" else YEARLY_FIELDS
        if "part" in spec:
            wholes = spec.get("whole")
            wholes = wholes if isinstance(wholes, list) else [wholes]
            if spec["part"] not in fields or not all(w in fields for w in wholes):
                return _("%(where)s: “part” và “whole” phải là tên chỉ số của báo cáo") % {
                    "where": where
                }
            problem = _value_problem("min_pct", PERCENT, spec.get("min_pct"))
        elif "field" in spec:
            if spec["field"] not in fields:
                return _("%(where)s: “field” phải là tên chỉ số của báo cáo") % {"where": where}
            if ("max" in spec) == ("min" in spec):
                return _("%(where)s cần đúng một trong hai ngưỡng “max” hoặc “min”") % {
                    "where": where
                }
            bound = "max" if "max" in spec else "min"
            problem = _value_problem(bound, COUNT, spec[bound])
        else:
            return _("%(where)s cần “field” hoặc “part”") % {"where": where}
        if problem:
            return f"{where}: {problem}"
    return None


def thresholds_problems(rule_key: str, thresholds: Any) -> list[str]:
    """Return what is wrong with thresholds for the rule (empty when the rule can read them)."""
    if rule_key not in RULES or rule_key not in THRESHOLDS:
        return [_("quy tắc “%(key)s” không có trong hệ thống") % {"key": rule_key}]
    if not isinstance(thresholds, dict):
        return [_("ngưỡng phải là một đối tượng JSON {…}")]
    required, optional = THRESHOLDS[rule_key]
    problems = []
    for name in required:
        if name not in thresholds:
            problems.append(_("thiếu ngưỡng “%(name)s”") % {"name": name})
    for name, value in thresholds.items():
        kind = required.get(name) or optional.get(name)
        if kind is None:
            problems.append(
                _("quy tắc “%(key)s” không dùng ngưỡng “%(name)s”")
                % {"key": rule_key, "name": name}
            )
        elif problem := _value_problem(name, kind, value):
            problems.append(problem)
    return problems
