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
    """Return the result of parts that must all be met: missing data wins over a verdict."""
    if NOT_ASSESSABLE in results:
        return NOT_ASSESSABLE
    return MET if all(r == MET for r in results) else NOT_MET


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


def missing_months_outcome(facts: WardYearFacts) -> Outcome | None:
    """Return a not-assessable outcome naming the missing months, or None when all are there."""
    if facts.months_complete:
        return None
    return Outcome(
        NOT_ASSESSABLE,
        f"Thiếu báo cáo tháng đã duyệt: {months_text(facts.missing_months)}/{facts.year}.",
        inputs={"missing_months": list(facts.missing_months)},
    )


def missing_yearly_text(facts: WardYearFacts) -> str:
    return f"chưa có báo cáo năm {facts.year} đã duyệt"


# --- count and ratio checks over the monthly sums and the yearly report -----------------------


def _check(spec: Mapping[str, Any], facts: WardYearFacts) -> tuple[str, str, str, dict]:
    """Return (result, phrase, measured, inputs) of one check of the 'checks' rule."""
    monthly = spec.get("source", "months") == "months"
    label_of = monthly_field_label if monthly else yearly_field_label
    if monthly:
        if not facts.months_complete:
            return (
                NOT_ASSESSABLE,
                f"thiếu báo cáo tháng đã duyệt: {months_text(facts.missing_months)}/{facts.year}",
                "",
                {},
            )
        values = facts.sums
    else:
        if facts.yearly is None:
            return NOT_ASSESSABLE, missing_yearly_text(facts), "", {}
        values = facts.yearly
    if "part" in spec:
        wholes = spec["whole"] if isinstance(spec["whole"], list) else [spec["whole"]]
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
        return MET if met else NOT_MET, f"{label}: {measured} ({target})", measured, inputs
    name = spec["field"]
    value = values[name]
    label = spec.get("label") or label_of(name)
    inputs = {name: value}
    if "max" in spec:
        maximum = int(spec["max"])
        target = "mục tiêu: không có" if maximum == 0 else f"mục tiêu không quá {maximum}"
        result = MET if value <= maximum else NOT_MET
    else:
        minimum = int(spec["min"])
        target = f"mục tiêu ít nhất {minimum}"
        result = MET if value >= minimum else NOT_MET
    return result, f"{label}: {fmt_int(value)} ({target})", fmt_int(value), inputs


@rule("checks")
def checks_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """Every listed count or ratio check must be met (counts ≤ max or ≥ min, ratios ≥ min %)."""
    results, phrases, measured, inputs = [], [], [], {}
    for spec in thresholds.get("checks", []):
        result, phrase, value, used = _check(spec, facts)
        results.append(result)
        if phrase not in phrases:
            phrases.append(phrase)
        if value:
            measured.append(value)
        inputs.update(used)
    if not results:
        return Outcome(NOT_ASSESSABLE, "Tiêu chí chưa khai báo điều kiện kiểm tra.")
    single = len(results) == 1 and "field" in thresholds["checks"][0] and inputs
    value = Decimal(next(iter(inputs.values()))) if single else None
    return Outcome(combine(results), sentence(phrases), " · ".join(measured), value, inputs)


# --- year-on-year rules ------------------------------------------------------------------------


def _previous_missing(facts: WardYearFacts, figure_key: str) -> str:
    figure = YOY_FIGURES[figure_key]
    previous = facts.previous[figure_key]
    return f"không so sánh được {figure.label} với năm {facts.year - 1}: " + "; ".join(
        previous.missing
    )


@lru_cache(maxsize=256)
def choice_label(choices: type[TextChoices], key: str) -> str:
    """Return the Vietnamese label of a choice key (the key itself when it is unknown)."""
    with translation.override("vi"):
        return str(choices(key).label) if key in choices.values else key


def change_phrase(figure_key: str, current: int, previous: int, year: int) -> str:
    """Return 'Tội phạm về TTXH giảm 7,1% so với năm 2022' (or tăng / không đổi)."""
    figure = YOY_FIGURES[figure_key]
    label = figure.short_label[0].upper() + figure.short_label[1:]
    if previous == 0:
        return f"{label}: {fmt_int(current)} (năm {year - 1}: 0)"
    change = percent(current - previous, previous)
    if change == 0:
        return f"{label} không đổi so với năm {year - 1}"
    verb = "tăng" if change > 0 else "giảm"
    # The magnitude is truncated, so a shown "giảm 6,0%" or "tăng 20,0%" is really at least that.
    shown = abs(change).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
    return f"{label} {verb} {fmt_pct(shown)} so với năm {year - 1}"


def signed_change(change: Decimal) -> str:
    """Return a change like '-7,1%' or '+20%', rounded the same way as the sentences."""
    if change == 0:
        return "0%"
    magnitude = abs(change).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
    return ("+" if change > 0 else "-") + fmt_pct(magnitude)


def counts_phrase(figure_key: str, current: int, previous: int, year: int) -> str:
    unit = YOY_FIGURES[figure_key].unit
    suffix = f" {unit}" if unit else ""
    return f"năm {year}: {fmt_int(current)}{suffix}, năm {year - 1}: {fmt_int(previous)}{suffix}"


def decreased_enough(current: int, previous: int, min_decrease_pct: Decimal) -> bool:
    """Return whether current ≤ previous × (1 − pct/100), exactly; 0 → 0 counts as met."""
    return (Decimal(previous) - current) * HUNDRED >= min_decrease_pct * previous


def increased_enough(current: int, previous: int, min_increase_pct: Decimal) -> bool:
    """Return whether current ≥ previous × (1 + pct/100), exactly."""
    return (Decimal(current) - previous) * HUNDRED >= min_increase_pct * previous


def change_value(current: int, previous: int) -> Decimal | None:
    """Return the change in percent (negative is a decrease), or None when previous is 0."""
    if previous == 0:
        return None
    return percent(current - previous, previous).quantize(Decimal("0.0001"))


def _yoy_inputs(facts: WardYearFacts, key: str) -> dict[str, Any]:
    current: PeriodFigure = facts.current[key]
    previous: PeriodFigure = facts.previous[key]
    return {
        f"{key}_current": current.value,
        f"{key}_previous": previous.value,
        f"{key}_previous_sources": list(previous.sources),
    }


@rule("crime_yoy")
def crime_yoy_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """No serious intentional crime by residents, and social-order crime down ≥ pct on last year."""
    missing = missing_months_outcome(facts)
    if missing:
        return missing
    zero_field = thresholds.get("zero_field", "serious_resident_crimes")
    minimum = Decimal(str(thresholds["min_decrease_pct"]))
    serious = facts.sums[zero_field]
    serious_phrase = f"{monthly_field_label(zero_field)}: {fmt_int(serious)} (mục tiêu: không có)"
    inputs = {zero_field: serious, **_yoy_inputs(facts, "social_order_crimes")}
    previous = facts.previous["social_order_crimes"]
    current = facts.current["social_order_crimes"].value
    if not previous.known:
        return Outcome(
            NOT_ASSESSABLE,
            sentence([_previous_missing(facts, "social_order_crimes"), serious_phrase]),
            inputs=inputs,
        )
    met_crime = decreased_enough(current, previous.value, minimum)
    target = f"mục tiêu giảm ít nhất {fmt_threshold(minimum)}%"
    crime_phrase = (
        f"{change_phrase('social_order_crimes', current, previous.value, facts.year)} "
        f"({target}): {counts_phrase('social_order_crimes', current, previous.value, facts.year)}"
    )
    result = combine([MET if serious == 0 else NOT_MET, MET if met_crime else NOT_MET])
    value = change_value(current, previous.value)
    measured = f"{fmt_int(current)} / {fmt_int(previous.value)}"
    if value is not None:
        measured += f" ({signed_change(value)})"
    return Outcome(result, sentence([crime_phrase, serious_phrase]), measured, value, inputs)


@rule("hot_spots_yoy")
def hot_spots_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """No hot spot at year end; or, if any, down ≥ pct on last year and none new this year."""
    missing = missing_months_outcome(facts)
    if missing:
        return missing
    minimum = Decimal(str(thresholds["min_decrease_pct"]))
    current = facts.current["hot_spots"].value
    new = facts.sums["new_hot_spots"]
    inputs = {"new_hot_spots": new, **_yoy_inputs(facts, "hot_spots")}
    if current == 0:
        return Outcome(
            MET,
            f"Không còn tụ điểm phức tạp cuối {months_text([facts.expected_months[-1]])}/"
            f"{facts.year} (mục tiêu: không có, hoặc giảm ít nhất {fmt_threshold(minimum)}% "
            "và không phát sinh mới).",
            "0",
            Decimal(0),
            inputs,
        )
    previous = facts.previous["hot_spots"]
    new_phrase = f"tụ điểm phát sinh mới trong năm: {fmt_int(new)} (mục tiêu: không có)"
    if not previous.known:
        return Outcome(
            NOT_ASSESSABLE,
            sentence(
                [
                    f"Còn {fmt_int(current)} tụ điểm phức tạp",
                    _previous_missing(facts, "hot_spots"),
                    new_phrase,
                ]
            ),
            fmt_int(current),
            Decimal(current),
            inputs,
        )
    decreased = decreased_enough(current, previous.value, minimum)
    result = combine([MET if decreased else NOT_MET, MET if new == 0 else NOT_MET])
    phrase = (
        f"{change_phrase('hot_spots', current, previous.value, facts.year)} "
        f"(mục tiêu giảm ít nhất {fmt_threshold(minimum)}%): "
        f"{counts_phrase('hot_spots', current, previous.value, facts.year)}"
    )
    value = change_value(current, previous.value)
    return Outcome(
        result,
        sentence([phrase, new_phrase]),
        f"{fmt_int(current)} / {fmt_int(previous.value)}",
        value,
        inputs,
    )


@rule("drugs_yoy")
def drugs_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """Drug addicts at year end down ≥ pct on last year, and no new addicts this year."""
    missing = missing_months_outcome(facts)
    if missing:
        return missing
    minimum = Decimal(str(thresholds["min_decrease_pct"]))
    current = facts.current["drug_addicts"].value
    new = facts.sums["new_drug_addicts"]
    inputs = {"new_drug_addicts": new, **_yoy_inputs(facts, "drug_addicts")}
    new_phrase = f"người nghiện mới phát sinh: {fmt_int(new)} (mục tiêu: không có)"
    previous = facts.previous["drug_addicts"]
    if not previous.known:
        return Outcome(
            NOT_ASSESSABLE,
            sentence([_previous_missing(facts, "drug_addicts"), new_phrase]),
            fmt_int(current),
            Decimal(current),
            inputs,
        )
    decreased = decreased_enough(current, previous.value, minimum)
    result = combine([MET if decreased else NOT_MET, MET if new == 0 else NOT_MET])
    phrase = (
        f"{change_phrase('drug_addicts', current, previous.value, facts.year)} "
        f"(mục tiêu giảm ít nhất {fmt_threshold(minimum)}%): "
        f"{counts_phrase('drug_addicts', current, previous.value, facts.year)}"
    )
    return Outcome(
        result,
        sentence([phrase, new_phrase]),
        f"{fmt_int(current)} / {fmt_int(previous.value)}",
        change_value(current, previous.value),
        inputs,
    )


@rule("fugitives_yoy")
def fugitives_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """Fugitives caught or surrendered up ≥ pct on last year."""
    missing = missing_months_outcome(facts)
    if missing:
        return missing
    minimum = Decimal(str(thresholds["min_increase_pct"]))
    current = facts.current["fugitives"].value
    inputs = _yoy_inputs(facts, "fugitives")
    previous = facts.previous["fugitives"]
    if not previous.known:
        return Outcome(
            NOT_ASSESSABLE,
            sentence([_previous_missing(facts, "fugitives")]),
            fmt_int(current),
            Decimal(current),
            inputs,
        )
    met = increased_enough(current, previous.value, minimum)
    phrase = (
        f"{change_phrase('fugitives', current, previous.value, facts.year)} "
        f"(mục tiêu tăng ít nhất {fmt_threshold(minimum)}%): "
        f"{counts_phrase('fugitives', current, previous.value, facts.year)}"
    )
    return Outcome(
        MET if met else NOT_MET,
        sentence([phrase]),
        f"{fmt_int(current)} / {fmt_int(previous.value)}",
        change_value(current, previous.value),
        inputs,
    )


# --- other monthly rules ----------------------------------------------------------------------


@rule("managed_subjects")
def managed_subjects_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """All managed subjects supervised at year end, and reoffenders below max % of them."""
    missing = missing_months_outcome(facts)
    if missing:
        return missing
    min_supervised = Decimal(str(thresholds["min_supervised_pct"]))
    max_reoffending = Decimal(str(thresholds["max_reoffending_pct"]))
    managed = facts.year_end["managed_subjects"]
    supervised = facts.year_end["managed_subjects_supervised"]
    reoffenders = facts.sums["reoffenders"]
    inputs = {
        "managed_subjects": managed,
        "managed_subjects_supervised": supervised,
        "reoffenders": reoffenders,
    }
    if managed == 0:
        result = MET if reoffenders == 0 else NOT_MET
        return Outcome(
            result,
            sentence(
                [
                    "không có đối tượng thuộc diện quản lý cuối năm",
                    f"đối tượng tái phạm: {fmt_int(reoffenders)}",
                ]
            ),
            "0",
            None,
            inputs,
        )
    supervised_met = at_least_pct(supervised, managed, min_supervised)
    # "dưới 1,5%": strictly below, so exactly 1,5% is not met.
    reoffending_met = Decimal(reoffenders) * HUNDRED < max_reoffending * managed
    rate = percent(reoffenders, managed)
    phrases = [
        f"quản lý, giám sát {fmt_int(supervised)}/{fmt_int(managed)} đối tượng "
        f"({fmt_pct(percent(supervised, managed))}; mục tiêu {fmt_threshold(min_supervised)}%)",
        f"tỷ lệ tái phạm {fmt_int(reoffenders)}/{fmt_int(managed)} = "
        f"{fmt_pct(rate, rounding=ROUND_CEILING)} "
        f"(mục tiêu dưới {fmt_threshold(max_reoffending)}%)",
    ]
    return Outcome(
        combine([MET if supervised_met else NOT_MET, MET if reoffending_met else NOT_MET]),
        sentence(phrases),
        f"{fmt_int(supervised)}/{fmt_int(managed)}; {fmt_pct(rate, rounding=ROUND_CEILING)}",
        rate.quantize(Decimal("0.0001")),
        inputs,
    )


@rule("reporting")
def reporting_rule(thresholds: Mapping[str, Any], facts: WardYearFacts) -> Outcome:
    """No substantiated complaint about officers, and every month's report submitted on time."""
    missing = missing_months_outcome(facts)
    if missing:
        return missing
    maximum = int(thresholds.get("max_substantiated_complaints", 0))
    complaints = facts.sums["officer_complaints_substantiated"]
    expected = len(facts.expected_months)
    unknown = [m for m, ok in facts.on_time.items() if ok is None]
    late = [m for m, ok in facts.on_time.items() if ok is False]
    on_time = expected - len(unknown) - len(late)
    inputs = {
        "officer_complaints_substantiated": complaints,
        "submitted": {str(m): day for m, day in facts.submitted.items()},
        "on_time": on_time,
        "expected": expected,
    }
    complaint_phrase = (
        f"{monthly_field_label('officer_complaints_substantiated')}: {fmt_int(complaints)} "
        f"({'mục tiêu: không có' if maximum == 0 else f'mục tiêu không quá {maximum}'})"
    )
    if unknown:
        return Outcome(
            NOT_ASSESSABLE,
            sentence(
                [
                    f"không rõ ngày gửi báo cáo {months_text(unknown)}/{facts.year}",
                    complaint_phrase,
                ]
            ),
            inputs=inputs,
        )
    timely = f"báo cáo tháng gửi đúng hạn {on_time}/{expected} (mục tiêu {expected}/{expected}"
    timely += f"; trễ hạn: {months_text(late)})" if late else ")"
    result = combine([MET if not late else NOT_MET, MET if complaints <= maximum else NOT_MET])
    return Outcome(
        result,
        sentence([timely, complaint_phrase]),
        f"{on_time}/{expected}",
        Decimal(on_time),
        inputs,
    )


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
    if staffing.rated < staffing.headcount:
        return Outcome(
            NOT_ASSESSABLE,
            f"Mới có {staffing.rated}/{staffing.headcount} cán bộ, chiến sĩ được phân loại "
            f"năm {facts.year}.",
            inputs=inputs,
        )
    good, headcount = staffing.rated_good_or_better, staffing.headcount
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
    if not staffing.team_sizes:
        return Outcome(
            NOT_ASSESSABLE,
            sentence([head_phrase, "chưa có phân công cán bộ theo tổ"]),
            str(staffing.headcount),
            Decimal(staffing.headcount),
            inputs,
        )
    small = {team: size for team, size in staffing.team_sizes.items() if size < min_team}
    if small:
        listed = ", ".join(
            f"{choice_label(Team, team)} ({size})" for team, size in sorted(small.items())
        )
        team_phrase = f"tổ dưới {min_team} người: {listed}"
    else:
        team_phrase = f"cả {len(staffing.team_sizes)} tổ đều từ {min_team} người trở lên"
    headcount_met = low <= staffing.headcount <= high
    return Outcome(
        combine([MET if headcount_met else NOT_MET, NOT_MET if small else MET]),
        sentence([head_phrase, team_phrase]),
        str(staffing.headcount),
        Decimal(staffing.headcount),
        inputs,
    )


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
    results, phrases = [], []
    if not facilities.equipment_gaps:
        results.append(NOT_ASSESSABLE)
        phrases.append("chưa có số liệu trang thiết bị")
    elif gaps:
        results.append(NOT_MET)
        phrases.append(
            "còn thiếu trang thiết bị: "
            + ", ".join(
                f"{choice_label(EquipmentKind, kind)} (thiếu {n})"
                for kind, n in sorted(gaps.items())
            )
        )
    else:
        results.append(MET)
        phrases.append("đủ trang thiết bị tối thiểu")
    if facilities.hq_land_area_m2 is None:
        results.append(NOT_ASSESSABLE)
        phrases.append("chưa có thông tin trụ sở")
    else:
        land_met = facilities.hq_land_area_m2 >= min_land
        results.append(MET if land_met else NOT_MET)
        phrases.append(
            f"diện tích đất trụ sở {fmt_int(facilities.hq_land_area_m2)} m² "
            f"(mục tiêu ít nhất {fmt_int(min_land)} m²)"
        )
    if facilities.hq_within_service_life is None:
        results.append(NOT_ASSESSABLE)
        phrases.append("chưa rõ niên hạn sử dụng trụ sở")
    else:
        results.append(MET if facilities.hq_within_service_life else NOT_MET)
        phrases.append(
            "trụ sở còn niên hạn sử dụng"
            if facilities.hq_within_service_life
            else "trụ sở đã quá niên hạn sử dụng"
        )
    land = facilities.hq_land_area_m2
    return Outcome(
        combine(results),
        sentence(phrases),
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
