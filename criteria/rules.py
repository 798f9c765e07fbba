"""The rules that check auto criteria: small functions registered by key.

A criterion row names its rule (rule_key) and carries its thresholds; each rule reads only those
thresholds and a WardYearFacts, and returns an Outcome: met, not met or not assessable, the
measured value, and one Vietnamese sentence a reviewer can check by hand. Decimal throughout;
comparisons are made by cross-multiplication so that boundaries are exact ("giảm ít nhất 6%" is
met at exactly 6%, "dưới 1,5%" is not met at exactly 1,5%).

The explanation is stored with the result, so it is written in Vietnamese (the language of the
programme's records), not translated per reader.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import lru_cache
from typing import Any

from django.db.models import TextChoices
from django.utils import translation

from criteria.facts import YOY_FIGURES, PeriodFigure, WardYearFacts
from criteria.formatting import fmt_int, fmt_pct, fmt_threshold, months_text
from criteria.periods import comparison_name, period_name, previous_period_name
from facilities.models import EquipmentKind, Team
from reports.models import MonthlyReport, YearlyReport

MET = "met"
NOT_MET = "not_met"
NOT_ASSESSABLE = "not_assessable"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Outcome:
    """A rule's verdict with the measured value, the sentence behind it and the inputs used."""

    result: str
    explanation: str
    measured: str = ""
    value: Decimal | None = None
    inputs: dict[str, Any] = field(default_factory=dict)


Rule = Callable[[Mapping[str, Any], WardYearFacts], Outcome]
RULES: dict[str, Rule] = {}


def rule(key: str) -> Callable[[Rule], Rule]:
    """Register a rule function under a key (the value of Criterion.rule_key)."""

    def register(function: Rule) -> Rule:
        if key in RULES:
            raise ValueError(f"rule {key!r} registered twice")
        RULES[key] = function
        return function

    return register


def evaluate(rule_key: str, thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """Return the outcome of the registered rule for these thresholds and facts."""
    try:
        function = RULES[rule_key]
    except KeyError:
        return Outcome(NOT_ASSESSABLE, f"Quy tắc “{rule_key}” không tồn tại; cần sửa tiêu chí.")
    return function(thresholds, facts)


def combine(results: list[str]) -> str:
    """Return the result of parts that must all be met: a breach wins over missing data.

    Any part not met → not met (whatever the others hold); every part met → met; otherwise
    (some part lacks data, none is breached) → not assessable.
    """
    if NOT_MET in results:
        return NOT_MET
    if NOT_ASSESSABLE in results or not results:
        return NOT_ASSESSABLE
    return MET


# Added to a "Không đạt" explanation when some part still lacks data: the missing part is named
# in the sentence, and it could not turn the breach into "Đạt".
BREACH_DESPITE_MISSING = "Số liệu còn thiếu không làm thay đổi kết luận “Không đạt”."
_PART_ORDER = {NOT_MET: 0, NOT_ASSESSABLE: 1, MET: 2}


def conclude(parts: list[tuple[str, str]]) -> tuple[str, str]:
    """Return the combined result of (result, phrase) parts and the explanation naming them.

    The breaches come first, then what is missing, then what is met; a "Không đạt" reached
    while some part lacks data says that the missing data cannot change it.
    """
    result = combine([r for r, _ in parts])
    phrases: list[str] = []
    for _, phrase in sorted(parts, key=lambda part: _PART_ORDER[part[0]]):
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    text = sentence(phrases)
    if result == NOT_MET and any(r == NOT_ASSESSABLE for r, _ in parts):
        text = f"{text} {BREACH_DESPITE_MISSING}".strip()
    return result, text


def sentence(parts: list[str]) -> str:
    """Return parts joined into one sentence, capitalised, with a final full stop."""
    text = "; ".join(p for p in parts if p)
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def percent(part: int, whole: int) -> Decimal:
    """Return part/whole in percent, exactly as Decimal allows (whole must be positive)."""
    return Decimal(part) * HUNDRED / Decimal(whole)


def at_least_pct(part: int, whole: int, minimum: Decimal) -> bool:
    """Return whether part/whole ≥ minimum % (cross-multiplied, exact)."""
    return Decimal(part) * HUNDRED >= minimum * whole


@lru_cache(maxsize=512)
def _field_label(model: type, name: str, language: str | None) -> str:
    return str(model._meta.get_field(name).verbose_name)


def monthly_field_label(name: str) -> str:
    """Return a monthly report field's label in the active language."""
    return _field_label(MonthlyReport, name, translation.get_language())


def yearly_field_label(name: str) -> str:
    """Return a yearly report field's label in the active language."""
    return _field_label(YearlyReport, name, translation.get_language())


def missing_months_phrase(facts: WardYearFacts) -> str:
    """Return 'thiếu báo cáo tháng đã duyệt: tháng 3, 4/2025'."""
    return f"thiếu báo cáo tháng đã duyệt: {months_text(facts.missing_months)}/{facts.year}"


def missing_months_part(facts: WardYearFacts) -> list[tuple[str, str]]:
    """Return the not-assessable part naming the missing months (none when all are there)."""
    return [] if facts.months_complete else [(NOT_ASSESSABLE, missing_months_phrase(facts))]


def so_far(facts: WardYearFacts) -> str:
    """Return ' trong các tháng đã duyệt' when some month is missing (a partial sum)."""
    return "" if facts.months_complete else " trong các tháng đã duyệt"


def zero_part(count: int, maximum: int, facts: WardYearFacts, phrase: str) -> tuple[str, str]:
    """Return a monthly count's part against its maximum: a count over it in the approved months
    is a breach whatever the missing months hold (counts only add up)."""
    if count > maximum:
        return NOT_MET, phrase
    return (MET if facts.months_complete else NOT_ASSESSABLE), phrase


def missing_yearly_text(facts: WardYearFacts) -> str:
    return f"chưa có báo cáo năm {facts.year} đã duyệt"


# --- count and ratio checks over the monthly sums and the yearly report -----------------------


def _carried_phrase(spec: Mapping[str, Any], values: Mapping[str, int]) -> str:
    """Return what a handled count is compared with: received in the period plus carried over
    ("tồn kỳ trước", still open when the period began)."""
    wholes = spec["whole"] if isinstance(spec["whole"], list) else [spec["whole"]]
    received = sum(values[w] for w in wholes)
    carried = values[spec["carried"]]
    return f"so với {fmt_int(received)} tiếp nhận + {fmt_int(carried)} tồn kỳ trước"


def _check(spec: Mapping[str, Any], facts: WardYearFacts) -> tuple[str, str, str, dict]:
    """Return (result, phrase, measured, inputs) of one check of the 'checks' rule."""
    monthly = spec.get("source", "months") == "months"
    label_of = monthly_field_label if monthly else yearly_field_label
    if monthly:
        if not facts.months_complete and not ("field" in spec and "max" in spec):
            return NOT_ASSESSABLE, missing_months_phrase(facts), "", {}
        values = facts.sums
    else:
        if facts.yearly is None:
            return NOT_ASSESSABLE, missing_yearly_text(facts), "", {}
        values = facts.yearly
    if "part" in spec:
        wholes = spec["whole"] if isinstance(spec["whole"], list) else [spec["whole"]]
        wholes = [*wholes, *([spec["carried"]] if "carried" in spec else [])]
        part = values[spec["part"]]
        whole = sum(values[w] for w in wholes)
        minimum = Decimal(str(spec["min_pct"]))
        label = spec.get("label") or label_of(spec["part"])
        inputs = {spec["part"]: part, "+".join(wholes): whole}
        target = f"mục tiêu {'' if minimum == HUNDRED else 'ít nhất '}{fmt_threshold(minimum)}%"
        if whole == 0:
            whole_label = " + ".join(label_of(w) for w in wholes)
            return MET, f"{label}: không có {whole_label} trong kỳ ({target})", "0/0", inputs
        share = percent(part, whole)
        met = at_least_pct(part, whole, minimum)
        measured = f"{fmt_int(part)}/{fmt_int(whole)} ({fmt_pct(share)})"
        compared = f", {_carried_phrase(spec, values)}" if "carried" in spec else ""
        phrase = f"{label}: {measured}{compared} ({target})"
        return MET if met else NOT_MET, phrase, measured, inputs
    name = spec["field"]
    value = values[name]
    label = spec.get("label") or label_of(name)
    inputs = {name: value}
    if "max" in spec:
        maximum = int(spec["max"])
        target = "mục tiêu: không có" if maximum == 0 else f"mục tiêu không quá {maximum}"
        result = MET if value <= maximum else NOT_MET
        if monthly and not facts.months_complete:
            # A count over the maximum in the approved months is a breach whatever the missing
            # months hold; otherwise the missing months decide.
            if result == MET:
                return NOT_ASSESSABLE, missing_months_phrase(facts), "", {}
            phrase = f"{label}: {fmt_int(value)}{so_far(facts)} ({target})"
            return NOT_MET, phrase, fmt_int(value), inputs
    else:
        minimum = int(spec["min"])
        target = f"mục tiêu ít nhất {minimum}"
        result = MET if value >= minimum else NOT_MET
    return result, f"{label}: {fmt_int(value)} ({target})", fmt_int(value), inputs


def _check_label(spec: Mapping[str, Any]) -> str:
    """Return the name of the figure a check measures (its part for a ratio)."""
    monthly = spec.get("source", "months") == "months"
    label_of = monthly_field_label if monthly else yearly_field_label
    return spec.get("label") or label_of(spec["part"] if "part" in spec else spec["field"])


@rule("checks")
def checks_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """Every listed count or ratio check must be met (counts ≤ max or ≥ min, ratios ≥ min %)."""
    parts, measured, inputs = [], [], {}
    specs = thresholds.get("checks", [])
    for spec in specs:
        result, phrase, value, used = _check(spec, facts)
        parts.append((result, phrase))
        if value:
            # Several values are each named ("vụ cháy, nổ …: 0; vụ đua xe …: 0"), never a bare
            # "0 · 0" that nobody can read.
            measured.append(f"{_check_label(spec)}: {value}" if len(specs) > 1 else value)
        inputs.update(used)
    if not parts:
        return Outcome(NOT_ASSESSABLE, "Tiêu chí chưa khai báo điều kiện kiểm tra.")
    specs = thresholds["checks"]
    if any(spec.get("source", "months") == "months" for spec in specs):
        parts += missing_months_part(facts)  # named once, even beside a breach
    single = len(parts) == 1 and "field" in thresholds["checks"][0] and inputs
    value = Decimal(next(iter(inputs.values()))) if single else None
    result, text = conclude(parts)
    return Outcome(result, text, "; ".join(measured), value, inputs)


# --- year-on-year rules ------------------------------------------------------------------------


def _previous_missing(facts: WardYearFacts, figure_key: str) -> str:
    figure = YOY_FIGURES[figure_key]
    previous = facts.previous[figure_key]
    comparison = comparison_name(facts.expected_months or ALL_MONTHS, facts.year)
    return f"không so sánh được {figure.label} {comparison}: " + "; ".join(previous.missing)


@lru_cache(maxsize=256)
def choice_label(choices: type[TextChoices], key: str) -> str:
    """Return the Vietnamese label of a choice key (the key itself when it is unknown)."""
    with translation.override("vi"):
        return str(choices(key).label) if key in choices.values else key


ALL_MONTHS = tuple(range(1, 13))


def change_phrase(figure_key: str, current: int, previous: int) -> str:
    """Return 'Tội phạm về TTXH giảm 7,1%' (or tăng, không đổi, tăng từ 0)."""
    figure = YOY_FIGURES[figure_key]
    label = figure.short_label[0].upper() + figure.short_label[1:]
    if previous == 0:
        return f"{label} {'tăng từ 0' if current else 'không đổi'}"
    change = percent(current - previous, previous)
    if change == 0:
        return f"{label} không đổi"
    verb = "tăng" if change > 0 else "giảm"
    # The magnitude is truncated, so a shown "giảm 6,0%" or "tăng 20,0%" is really at least that.
    shown = abs(change).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
    return f"{label} {verb} {fmt_pct(shown)}"


def signed_change(change: Decimal) -> str:
    """Return a change like '-7,1%' or '+20%', rounded the same way as the sentences."""
    if change == 0:
        return "0%"
    magnitude = abs(change).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
    return ("+" if change > 0 else "-") + fmt_pct(magnitude)


def previous_basis(previous: PeriodFigure, months: tuple[int, ...], year: int) -> str:
    """Return where the previous period's figure comes from when it is not the ward's own:
    'là tổng của phường P và xã Q', 'là số liệu của phường P', or, for a period that spans the
    ward's creation, 'là tổng của phường P, xã Q (tháng 1–6/2025) và của chính phường (…)'."""
    others = [(name, unit_months) for name, unit_months, own in previous.units if not own]
    if not others:
        return ""
    own = [unit_months for _name, unit_months, is_own in previous.units if is_own]

    def names(items: list[str]) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]

    if not own:
        listed = [name for name, _m in others]
        return f"là {'tổng' if len(listed) > 1 else 'số liệu'} của {names(listed)}"
    groups: dict[tuple[int, ...], list[str]] = {}
    for name, unit_months in others:
        groups.setdefault(unit_months, []).append(name)
    parts = [
        f"{', '.join(group)} ({months_text(unit_months)}/{year - 1})"
        for unit_months, group in sorted(groups.items())
    ]
    parts.append(f"của chính phường ({months_text(own[0])}/{year - 1})")
    return f"là tổng của {names(parts)}"


def counts_phrase(
    figure_key: str, current: int, previous: PeriodFigure, year: int, months: tuple[int, ...]
) -> str:
    """Return 'năm 2023: 13 vụ, năm 2022: 14 vụ' over the compared period (a stock: at its last
    month), saying where a predecessor's sum and an estimate come from."""
    figure = YOY_FIGURES[figure_key]
    suffix = f" {figure.unit}" if figure.unit else ""
    if figure.is_stock:
        last = months_text(months[-1:])
        now, before = f"cuối {last}/{year}", f"cuối {last}/{year - 1}"
    else:
        now, before = period_name(months, year), previous_period_name(months, year)
    text = f"{now}: {fmt_int(current)}{suffix}, {before}: {fmt_int(previous.value)}{suffix}"
    if previous.estimated:
        text += " (ước tính)"
    basis = previous_basis(previous, months, year)
    if basis:
        text += f", {basis}"
    return "; ".join([text, *previous.estimates])


def decreased_enough(current: int, previous: int, min_decrease_pct: Decimal) -> bool:
    """Return whether current ≤ previous × (1 − pct/100), exactly; 0 → 0 counts as met."""
    return (Decimal(previous) - current) * HUNDRED >= min_decrease_pct * previous


def increased_enough(current: int, previous: int, min_increase_pct: Decimal) -> bool:
    """Return whether current ≥ previous × (1 + pct/100), exactly."""
    return (Decimal(current) - previous) * HUNDRED >= min_increase_pct * previous


def yoy_target_part(
    figure_key: str,
    current: int,
    previous: PeriodFigure,
    minimum: Decimal,
    facts: WardYearFacts,
    *,
    rise: bool = False,
) -> tuple[str, str]:
    """Return the (result, phrase) of a figure that must fall (or, with rise, grow) by at least
    `minimum` per cent on the same months of the year before, naming that period."""
    months = facts.expected_months or ALL_MONTHS
    met = (increased_enough if rise else decreased_enough)(current, previous.value, minimum)
    direction = "tăng" if rise else "giảm"
    phrase = (
        f"{change_phrase(figure_key, current, previous.value)} "
        f"({comparison_name(months, facts.year)}; "
        f"mục tiêu {direction} ít nhất {fmt_threshold(minimum)}%): "
        f"{counts_phrase(figure_key, current, previous, facts.year, months)}"
    )
    return MET if met else NOT_MET, phrase


def compared_measured(current: int, previous: PeriodFigure) -> str:
    """Return '13 / 14' for the scorecard, '13 / 14 (ước tính)' when the latter is estimated."""
    text = f"{fmt_int(current)} / {fmt_int(previous.value)}"
    return f"{text} (ước tính)" if previous.estimated else text


def change_value(current: int, previous: int) -> Decimal | None:
    """Return the change in percent (negative is a decrease), or None when previous is 0."""
    if previous == 0:
        return None
    return percent(current - previous, previous).quantize(Decimal("0.0001"))


def _yoy_inputs(facts: WardYearFacts, key: str) -> dict[str, Any]:
    current: PeriodFigure = facts.current[key]
    previous: PeriodFigure = facts.previous[key]
    inputs = {
        f"{key}_current": current.value,
        f"{key}_previous": previous.value,
        f"{key}_previous_sources": list(previous.sources),
    }
    if previous.estimated:
        inputs[f"{key}_previous_estimates"] = list(previous.estimates)
    return inputs


def _previous_missing_part(facts: WardYearFacts, figure_key: str) -> tuple[str, str]:
    return NOT_ASSESSABLE, _previous_missing(facts, figure_key)


@rule("crime_yoy")
def crime_yoy_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """No serious intentional crime by residents, and social-order crime down ≥ pct on last year.

    A serious crime in any approved month breaches the first part whatever the other months hold;
    so does social-order crime that already passed the most allowed in the approved months.
    """
    zero_field = thresholds.get("zero_field", "serious_resident_crimes")
    minimum = Decimal(str(thresholds["min_decrease_pct"]))
    serious = facts.sums[zero_field]
    serious_phrase = (
        f"{monthly_field_label(zero_field)}: {fmt_int(serious)}{so_far(facts)} (mục tiêu: không có)"
    )
    inputs = {zero_field: serious, **_yoy_inputs(facts, "social_order_crimes")}
    parts = [*missing_months_part(facts), zero_part(serious, 0, facts, serious_phrase)]
    previous = facts.previous["social_order_crimes"]
    measured, value = "", None
    if not previous.known:
        parts.append(_previous_missing_part(facts, "social_order_crimes"))
    elif not facts.months_complete:
        so_far_count = facts.sums["social_order_crimes"]
        inputs["social_order_crimes_so_far"] = so_far_count
        if not decreased_enough(so_far_count, previous.value, minimum):
            most = previous.value * (HUNDRED - minimum) / HUNDRED
            allowed = int(most.to_integral_value(rounding=ROUND_FLOOR))
            parts.append(
                (
                    NOT_MET,
                    f"tội phạm về TTXH trong các tháng đã duyệt: {fmt_int(so_far_count)} vụ, "
                    f"đã vượt mức tối đa {fmt_int(allowed)} vụ để giảm ít nhất "
                    f"{fmt_threshold(minimum)}% so với "
                    f"{previous_period_name(facts.expected_months or ALL_MONTHS, facts.year)} "
                    f"({fmt_int(previous.value)} vụ{' ước tính' if previous.estimated else ''})",
                )
            )
    else:
        current = facts.current["social_order_crimes"].value
        parts.insert(
            0,
            yoy_target_part("social_order_crimes", current, previous, minimum, facts),
        )
        value = change_value(current, previous.value)
        measured = f"{fmt_int(current)} / {fmt_int(previous.value)}"
        if value is not None:
            measured += f" ({signed_change(value)})"
        if previous.estimated:
            measured += " (ước tính)"
    result, text = conclude(parts)
    return Outcome(result, text, measured, value, inputs)


@rule("hot_spots_yoy")
def hot_spots_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """No hot spot at year end; or, if any, down ≥ pct on last year and none new this year.

    Hot spots left at year end (its month approved) with a new one in any approved month, or
    not down enough, breach it whatever the missing months hold.
    """
    minimum = Decimal(str(thresholds["min_decrease_pct"]))
    figure = facts.current["hot_spots"]
    current = figure.value
    new = facts.sums["new_hot_spots"]
    inputs = {"new_hot_spots": new, **_yoy_inputs(facts, "hot_spots")}
    target = (
        f"mục tiêu: không có, hoặc giảm ít nhất {fmt_threshold(minimum)}% và không phát sinh mới"
    )
    if current is None:
        parts = missing_months_part(facts) or [
            (NOT_ASSESSABLE, "; ".join(figure.missing) or "chưa có số tụ điểm cuối năm")
        ]
        result, text = conclude(parts)
        return Outcome(result, text, inputs=inputs)
    if current == 0:
        last = months_text([facts.expected_months[-1]])
        phrase = f"không còn tụ điểm phức tạp cuối {last}/{facts.year} ({target})"
        result, text = conclude([*missing_months_part(facts), (MET, phrase)])
        return Outcome(result, text, "0", Decimal(0), inputs)
    previous = facts.previous["hot_spots"]
    new_phrase = (
        f"tụ điểm phát sinh mới trong năm: {fmt_int(new)}{so_far(facts)} (mục tiêu: không có)"
    )
    parts = [*missing_months_part(facts), zero_part(new, 0, facts, new_phrase)]
    value = None
    measured = fmt_int(current)
    if not previous.known:
        parts.insert(0, (NOT_ASSESSABLE, f"còn {fmt_int(current)} tụ điểm phức tạp"))
        parts.append(_previous_missing_part(facts, "hot_spots"))
        value = Decimal(current)
    else:
        parts.insert(0, yoy_target_part("hot_spots", current, previous, minimum, facts))
        value = change_value(current, previous.value)
        measured = compared_measured(current, previous)
    result, text = conclude(parts)
    return Outcome(result, text, measured, value, inputs)


@rule("drugs_yoy")
def drugs_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """Drug addicts at year end down ≥ pct on last year, and no new addicts this year.

    A new addict in any approved month breaches it whatever the missing months hold.
    """
    minimum = Decimal(str(thresholds["min_decrease_pct"]))
    figure = facts.current["drug_addicts"]
    current = figure.value
    new = facts.sums["new_drug_addicts"]
    inputs = {"new_drug_addicts": new, **_yoy_inputs(facts, "drug_addicts")}
    new_phrase = f"người nghiện mới phát sinh: {fmt_int(new)}{so_far(facts)} (mục tiêu: không có)"
    parts = [*missing_months_part(facts), zero_part(new, 0, facts, new_phrase)]
    previous = facts.previous["drug_addicts"]
    measured, value = "", None
    if current is None:
        if facts.months_complete:
            parts.append((NOT_ASSESSABLE, "; ".join(figure.missing)))
    elif not previous.known:
        parts.append(_previous_missing_part(facts, "drug_addicts"))
        measured, value = fmt_int(current), Decimal(current)
    else:
        parts.insert(0, yoy_target_part("drug_addicts", current, previous, minimum, facts))
        measured = compared_measured(current, previous)
        value = change_value(current, previous.value)
    result, text = conclude(parts)
    return Outcome(result, text, measured, value, inputs)


@rule("fugitives_yoy")
def fugitives_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """Fugitives caught or surrendered up ≥ pct on last year (a missing month can still raise
    the count, so it leaves the criterion not assessable)."""
    minimum = Decimal(str(thresholds["min_increase_pct"]))
    inputs = _yoy_inputs(facts, "fugitives")
    previous = facts.previous["fugitives"]
    parts = missing_months_part(facts)
    if not previous.known:
        parts.append(_previous_missing_part(facts, "fugitives"))
    if parts:
        result, text = conclude(parts)
        current = facts.current["fugitives"].value
        if current is None:
            return Outcome(result, text, inputs=inputs)
        return Outcome(result, text, fmt_int(current), Decimal(current), inputs)
    current = facts.current["fugitives"].value
    result, phrase = yoy_target_part("fugitives", current, previous, minimum, facts, rise=True)
    return Outcome(
        result,
        sentence([phrase]),
        compared_measured(current, previous),
        change_value(current, previous.value),
        inputs,
    )


# --- other monthly rules ----------------------------------------------------------------------


@rule("managed_subjects")
def managed_subjects_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """All managed subjects supervised at year end, and reoffenders below max % of them.

    With the year's last month approved, an unsupervised subject or reoffenders already at the
    maximum in the approved months breach it whatever the missing months hold.
    """
    min_supervised = Decimal(str(thresholds["min_supervised_pct"]))
    max_reoffending = Decimal(str(thresholds["max_reoffending_pct"]))
    reoffenders = facts.sums["reoffenders"]
    missing = missing_months_part(facts)
    if not facts.year_end:
        result, text = conclude(missing)
        return Outcome(result, text, inputs={"reoffenders": reoffenders})
    managed = facts.year_end["managed_subjects"]
    supervised = facts.year_end["managed_subjects_supervised"]
    inputs = {
        "managed_subjects": managed,
        "managed_subjects_supervised": supervised,
        "reoffenders": reoffenders,
    }
    reoffenders_phrase = f"đối tượng tái phạm: {fmt_int(reoffenders)}{so_far(facts)}"
    if managed == 0:
        parts = [
            *missing,
            (MET, "không có đối tượng thuộc diện quản lý cuối năm"),
            zero_part(reoffenders, 0, facts, reoffenders_phrase),
        ]
        result, text = conclude(parts)
        return Outcome(result, text, "0", None, inputs)
    supervised_met = at_least_pct(supervised, managed, min_supervised)
    # "dưới 1,5%": strictly below, so exactly 1,5% is not met; reoffenders only add up, so a
    # rate already at the maximum in the approved months is a breach.
    reoffending_met = Decimal(reoffenders) * HUNDRED < max_reoffending * managed
    rate = percent(reoffenders, managed)
    parts = [
        *missing,
        (
            MET if supervised_met else NOT_MET,
            f"quản lý, giám sát {fmt_int(supervised)}/{fmt_int(managed)} đối tượng "
            f"({fmt_pct(percent(supervised, managed))}; mục tiêu {fmt_threshold(min_supervised)}%)",
        ),
        (
            (MET if facts.months_complete else NOT_ASSESSABLE) if reoffending_met else NOT_MET,
            f"tỷ lệ tái phạm {fmt_int(reoffenders)}/{fmt_int(managed)} = "
            f"{fmt_pct(rate, rounding=ROUND_CEILING)}{so_far(facts)} "
            f"(mục tiêu dưới {fmt_threshold(max_reoffending)}%)",
        ),
    ]
    result, text = conclude(parts)
    return Outcome(
        result,
        text,
        f"{fmt_int(supervised)}/{fmt_int(managed)}; {fmt_pct(rate, rounding=ROUND_CEILING)}",
        rate.quantize(Decimal("0.0001")),
        inputs,
    )


@rule("reporting")
def reporting_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """No substantiated complaint about officers, and every month's report submitted on time.

    A late approved report or a substantiated complaint breaches it whatever the missing months
    hold.
    """
    maximum = int(thresholds.get("max_substantiated_complaints", 0))
    complaints = facts.sums["officer_complaints_substantiated"]
    expected = len(facts.expected_months)
    unknown = [m for m, ok in facts.on_time.items() if ok is None]
    late = [m for m, ok in facts.on_time.items() if ok is False]
    on_time = sum(1 for ok in facts.on_time.values() if ok is True)
    inputs = {
        "officer_complaints_substantiated": complaints,
        "submitted": {str(m): day for m, day in facts.submitted.items()},
        "on_time": on_time,
        "expected": expected,
    }
    complaint_phrase = (
        f"{monthly_field_label('officer_complaints_substantiated')}: {fmt_int(complaints)}"
        f"{so_far(facts)} "
        f"({'mục tiêu: không có' if maximum == 0 else f'mục tiêu không quá {maximum}'})"
    )
    timely = f"báo cáo tháng gửi đúng hạn {on_time}/{expected} (mục tiêu {expected}/{expected}"
    timely += f"; trễ hạn: {months_text(late)})" if late else ")"
    if late:
        timely_part = (NOT_MET, timely)
    elif unknown or not facts.months_complete:
        timely_part = (NOT_ASSESSABLE, timely)
    else:
        timely_part = (MET, timely)
    parts = missing_months_part(facts)
    parts += [timely_part, zero_part(complaints, maximum, facts, complaint_phrase)]
    if unknown:
        parts.append(
            (NOT_ASSESSABLE, f"không rõ ngày gửi báo cáo {months_text(unknown)}/{facts.year}")
        )
    if facts.months_complete and not unknown:
        measured = f"{on_time}/{expected}"
    else:
        measured = f"{on_time}/{expected}" if late else ""
    result, text = conclude(parts)
    return Outcome(result, text, measured, Decimal(on_time) if measured else None, inputs)


# --- staffing and facilities (facts from the facilities app) ---------------------------------


@rule("staff_ratings")
def staff_ratings_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """At least min % of the officers rated 'Hoàn thành tốt nhiệm vụ' or better."""
    minimum = Decimal(str(thresholds["min_pct"]))
    staffing = facts.staffing
    if staffing is None or staffing.headcount == 0:
        return Outcome(
            NOT_ASSESSABLE, f"Chưa có danh sách cán bộ, chiến sĩ năm {facts.year} (biên chế)."
        )
    inputs = {
        "headcount": staffing.headcount,
        "rated": staffing.rated,
        "rated_good_or_better": staffing.rated_good_or_better,
    }
    good, headcount = staffing.rated_good_or_better, staffing.headcount
    if staffing.rated < headcount:
        unrated = (
            f"mới có {staffing.rated}/{headcount} cán bộ, chiến sĩ được phân loại năm {facts.year}"
        )
        below = staffing.rated - good
        # Even if every officer not yet rated were rated good, the share could not reach it.
        if at_least_pct(good + headcount - staffing.rated, headcount, minimum):
            result, text = conclude([(NOT_ASSESSABLE, unrated)])
            return Outcome(result, text, inputs=inputs)
        breach = (
            f"{below} cán bộ, chiến sĩ được phân loại dưới mức “Hoàn thành tốt nhiệm vụ” "
            f"(mục tiêu {fmt_threshold(minimum)}% từ “Hoàn thành tốt nhiệm vụ” trở lên)"
        )
        result, text = conclude([(NOT_MET, breach), (NOT_ASSESSABLE, unrated)])
        return Outcome(result, text, f"{good}/{headcount}", None, inputs)
    share = percent(good, headcount)
    return Outcome(
        MET if at_least_pct(good, headcount, minimum) else NOT_MET,
        f"Cán bộ, chiến sĩ được phân loại “Hoàn thành tốt nhiệm vụ” trở lên: {good}/{headcount} "
        f"({fmt_pct(share)}; mục tiêu {fmt_threshold(minimum)}%).",
        f"{good}/{headcount} ({fmt_pct(share)})",
        share.quantize(Decimal("0.0001")),
        inputs,
    )


@rule("staff_structure")
def staff_structure_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """Headcount within [min, max], and every team at least min_team_size officers."""
    staffing = facts.staffing
    if staffing is None:
        return Outcome(
            NOT_ASSESSABLE, f"Chưa có danh sách cán bộ, chiến sĩ năm {facts.year} (biên chế)."
        )
    low, high = int(thresholds["min_headcount"]), int(thresholds["max_headcount"])
    min_team = int(thresholds["min_team_size"])
    inputs = {"headcount": staffing.headcount, "team_sizes": dict(staffing.team_sizes)}
    head_phrase = f"biên chế {staffing.headcount} người (mục tiêu {low}–{high})"
    headcount_met = low <= staffing.headcount <= high
    if not staffing.team_sizes:
        # A headcount outside the range is a breach even before the teams are known.
        result, text = conclude(
            [
                (MET if headcount_met else NOT_MET, head_phrase),
                (NOT_ASSESSABLE, "chưa có phân công cán bộ theo tổ"),
            ]
        )
        return Outcome(result, text, str(staffing.headcount), Decimal(staffing.headcount), inputs)
    small = {team: size for team, size in staffing.team_sizes.items() if size < min_team}
    if small:
        listed = ", ".join(
            f"{choice_label(Team, team)} ({size})" for team, size in sorted(small.items())
        )
        team_phrase = f"tổ dưới {min_team} người: {listed}"
    else:
        team_phrase = f"cả {len(staffing.team_sizes)} tổ đều từ {min_team} người trở lên"
    result, text = conclude(
        [(MET if headcount_met else NOT_MET, head_phrase), (NOT_MET if small else MET, team_phrase)]
    )
    return Outcome(result, text, str(staffing.headcount), Decimal(staffing.headcount), inputs)


@rule("facilities")
def facilities_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """No equipment gap; headquarters land ≥ min m² and within its service life."""
    facilities = facts.facilities
    if facilities is None:
        return Outcome(
            NOT_ASSESSABLE,
            f"Chưa có số liệu trang thiết bị và trụ sở năm {facts.year}.",
        )
    min_land = int(thresholds["min_land_m2"])
    inputs = {
        "equipment_gaps": dict(facilities.equipment_gaps),
        "hq_land_area_m2": facilities.hq_land_area_m2,
        "hq_within_service_life": facilities.hq_within_service_life,
    }
    gaps = {kind: n for kind, n in facilities.equipment_gaps.items() if n > 0}
    parts: list[tuple[str, str]] = []
    if not facilities.equipment_gaps:
        parts.append((NOT_ASSESSABLE, "chưa có số liệu trang thiết bị"))
    elif gaps:
        listed = ", ".join(
            f"{choice_label(EquipmentKind, kind)} (thiếu {n})" for kind, n in sorted(gaps.items())
        )
        parts.append((NOT_MET, "còn thiếu trang thiết bị: " + listed))
    else:
        parts.append((MET, "đủ trang thiết bị tối thiểu"))
    land = facilities.hq_land_area_m2
    if land is None:
        parts.append((NOT_ASSESSABLE, "chưa có thông tin trụ sở"))
    else:
        parts.append(
            (
                MET if land >= min_land else NOT_MET,
                f"diện tích đất trụ sở {fmt_int(land)} m² "
                f"(mục tiêu ít nhất {fmt_int(min_land)} m²)",
            )
        )
    if facilities.hq_within_service_life is None:
        parts.append((NOT_ASSESSABLE, "chưa rõ niên hạn sử dụng trụ sở"))
    elif facilities.hq_within_service_life:
        parts.append((MET, "trụ sở còn niên hạn sử dụng"))
    else:
        parts.append((NOT_MET, "trụ sở đã quá niên hạn sử dụng"))
    result, text = conclude(parts)
    return Outcome(
        result,
        text,
        f"{fmt_int(land)} m²" if land is not None else "",
        Decimal(land) if land is not None else None,
        inputs,
    )


def manual_outcome(decision: str | None, note: str, decided_by: str) -> Outcome:
    """Return the outcome of a reviewer's decision (or not assessable when there is none)."""
    if decision is None:
        return Outcome(NOT_ASSESSABLE, "Chưa có đánh giá của Công an tỉnh.")
    verdict = "Đạt" if decision == MET else "Không đạt"
    text = f"Công an tỉnh đánh giá: {verdict}"
    if decided_by:
        text += f" ({decided_by})"
    if note:
        text += f" — {note.strip()}"
    return Outcome(decision, sentence([text]), verdict, None, {"decision": decision})
