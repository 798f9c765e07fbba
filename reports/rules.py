"""The figures of each report and the checks between them, shared by forms, import and services.

The database constraints on the models back every rule here, so no path stores a bad row;
these functions only turn a bad value into a plain Vietnamese message next to the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.numbers import NumberError, parse_int
from reports.models import MonthlyReport

# The figures of each report in form order, grouped in the sections the form shows.
MONTHLY_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        gettext_lazy("Vụ việc, vụ án"),
        (
            "criminal_cases",
            "economic_environment_cases",
            "drug_cases",
            "administrative_violations",
            "social_order_crimes",
            "serious_resident_crimes",
            "large_economic_cases",
        ),
    ),
    (
        gettext_lazy("Tụ điểm phức tạp và ma túy"),
        ("hot_spots", "new_hot_spots", "drug_addicts", "new_drug_addicts"),
    ),
    (
        gettext_lazy("Quản lý đối tượng, truy nã"),
        (
            "managed_subjects",
            "managed_subjects_supervised",
            "reoffenders",
            "fugitives_caught",
            "fugitives_surrendered",
        ),
    ),
    (
        gettext_lazy("Tố giác, tin báo tội phạm"),
        ("crime_reports_carried_over", "crime_reports_received", "crime_reports_handled"),
    ),
    (
        gettext_lazy("Vụ việc không được để xảy ra"),
        ("serious_fires", "illegal_racing", "violent_organised_crime", "mass_complaints"),
    ),
    (
        gettext_lazy("Thủ tục hành chính"),
        (
            "procedures_carried_over",
            "procedures_received",
            "procedures_on_time",
            "procedures_early",
            "procedures_late",
        ),
    ),
    (
        gettext_lazy("Nhân dân và cán bộ"),
        ("feedback_received", "feedback_resolved", "officer_complaints_substantiated"),
    ),
)

YEARLY_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        gettext_lazy("Tổ dân phố và hộ gia đình"),
        (
            "residential_groups",
            "cultured_residential_groups",
            "groups_with_convention",
            "households",
            "cultured_households",
            "civilised_households",
            "roadside_households",
            "roadside_pledged_households",
        ),
    ),
    (
        gettext_lazy("Cơ sở, khu dân cư, cơ quan, doanh nghiệp"),
        ("businesses", "compliant_businesses", "safety_units", "safe_units"),
    ),
    (
        gettext_lazy("Phong trào toàn dân bảo vệ ANTQ"),
        (
            "self_managed_models_good",
            "dan_van_kheo_models",
            "commendations",
            "civil_defence_breaches",
        ),
    ),
    (gettext_lazy("Thủ tục hành chính"), ("procedures_total", "procedures_published")),
)

MONTHLY_FIELDS: tuple[str, ...] = tuple(name for _, names in MONTHLY_SECTIONS for name in names)
YEARLY_FIELDS: tuple[str, ...] = tuple(name for _, names in YEARLY_SECTIONS for name in names)

# Stocks are read at the last month of a period (every other monthly count is a flow, summed);
# at the period's end a sharp fall is as suspicious as a sharp rise.
STOCK_FIELDS = frozenset(
    {"hot_spots", "drug_addicts", "managed_subjects", "managed_subjects_supervised"}
)

MAX_COUNT = 2_000_000_000
REASON_MAX_LENGTH = 2000  # a return or reopen reason


@dataclass(frozen=True)
class Rule:
    """The sum of `parts` must not exceed `whole` plus `plus`; the message goes next to the
    first part."""

    parts: tuple[str, ...]
    whole: str
    plus: tuple[str, ...] = ()


@dataclass(frozen=True)
class CarryOver:
    """A group of cases carried from month to month: what was still open at the end of the
    previous month (`field`), what came in, and what was settled; the rest stays open."""

    field: str
    received: str
    handled: tuple[str, ...]

    def closing(self, values: dict) -> int | None:
        """Return the month's closing figure (received + carried over − handled), or None."""
        names = (self.field, self.received, *self.handled)
        if any(values.get(name) is None for name in names):
            return None
        return values[self.received] + values[self.field] - sum(values[n] for n in self.handled)


CARRY_OVERS: tuple[CarryOver, ...] = (
    CarryOver("crime_reports_carried_over", "crime_reports_received", ("crime_reports_handled",)),
    CarryOver(
        "procedures_carried_over", "procedures_received", ("procedures_on_time", "procedures_late")
    ),
)
CARRY_OVER_BY_FIELD = {carry.field: carry for carry in CARRY_OVERS}
CARRY_OVER_FIELDS = frozenset(CARRY_OVER_BY_FIELD)

_CRIME_CARRIED = ("crime_reports_carried_over",)
_PROCEDURES_CARRIED = ("procedures_carried_over",)

MONTHLY_RULES: tuple[Rule, ...] = (
    Rule(("crime_reports_handled",), "crime_reports_received", _CRIME_CARRIED),
    Rule(("procedures_on_time",), "procedures_received", _PROCEDURES_CARRIED),
    Rule(("procedures_late",), "procedures_received", _PROCEDURES_CARRIED),
    Rule(("procedures_early",), "procedures_on_time"),
    Rule(("procedures_on_time", "procedures_late"), "procedures_received", _PROCEDURES_CARRIED),
    Rule(("feedback_resolved",), "feedback_received"),
    Rule(("managed_subjects_supervised",), "managed_subjects"),
    Rule(("new_hot_spots",), "hot_spots"),
    Rule(("new_drug_addicts",), "drug_addicts"),
)

YEARLY_RULES: tuple[Rule, ...] = (
    Rule(("cultured_residential_groups",), "residential_groups"),
    Rule(("groups_with_convention",), "residential_groups"),
    Rule(("cultured_households",), "households"),
    Rule(("civilised_households",), "households"),
    Rule(("roadside_households",), "households"),
    Rule(("roadside_pledged_households",), "roadside_households"),
    Rule(("compliant_businesses",), "businesses"),
    Rule(("safe_units",), "safety_units"),
    Rule(("procedures_published",), "procedures_total"),
)


def fields_for(model: type) -> tuple[str, ...]:
    """Return the figure fields of a report model, in form order."""
    return MONTHLY_FIELDS if model is MonthlyReport else YEARLY_FIELDS


def sections_for(model: type) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return the (title, figure fields) sections of a report model, in form order."""
    return MONTHLY_SECTIONS if model is MonthlyReport else YEARLY_SECTIONS


def rules_for(model: type) -> tuple[Rule, ...]:
    """Return the cross-field rules of a report model."""
    return MONTHLY_RULES if model is MonthlyReport else YEARLY_RULES


def label(model: type, field: str) -> str:
    """Return the Vietnamese label of a figure field, capitalised."""
    text = str(model._meta.get_field(field).verbose_name)
    return text[:1].upper() + text[1:]


def check_value(value: object) -> tuple[int | None, str | None]:
    """Return (whole number, None) for an acceptable count, or (None, message) otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _("Chưa nhập số liệu (nhập 0 nếu không có).")
    if isinstance(value, bool):
        return None, _("Phải là một số nguyên.")
    if isinstance(value, float):
        if not value.is_integer():
            return None, _("Phải là số nguyên, không có phần thập phân.")
        value = int(value)
    if isinstance(value, str):
        try:
            value = parse_int(value)
        except NumberError as exc:
            return None, str(exc)
    if not isinstance(value, int):
        return None, _("Phải là một số nguyên.")
    if value < 0:
        return None, _("Không được là số âm.")
    if value > MAX_COUNT:
        return None, _("Số quá lớn.")
    return value, None


def cross_field_errors(model: type, values: dict[str, int]) -> dict[str, list[str]]:
    """Return messages per field for every broken rule between figures (skips missing ones)."""
    errors: dict[str, list[str]] = {}
    for rule in rules_for(model):
        wholes = (rule.whole, *rule.plus)
        if any(values.get(name) is None for name in (*rule.parts, *wholes)):
            continue
        total = sum(values[name] for name in rule.parts)
        limit = sum(values[name] for name in wholes)
        if total <= limit:
            continue
        parts = " + ".join(f"“{label(model, name)}”" for name in rule.parts)
        message = _("%(parts)s (%(total)s) không được lớn hơn %(whole)s (%(limit)s).") % {
            "parts": parts,
            "total": total,
            "whole": " + ".join(f"“{label(model, name)}”" for name in wholes),
            "limit": limit,
        }
        errors.setdefault(rule.parts[0], []).append(message)
    return errors


def validation_errors(model: type, values: dict[str, object]) -> dict[str, list[str]]:
    """Return messages per field for missing, negative, non-integer or inconsistent figures."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for name in fields_for(model):
        number, message = check_value(values.get(name))
        if message:
            errors[name] = [message]
        else:
            clean[name] = number
    for name, messages in cross_field_errors(model, clean).items():
        errors.setdefault(name, []).extend(messages)
    return errors
