"""What a ward still lacks to become a model ward: "gap" functions keyed like the rules.

Each gap function takes the same thresholds and WardYearFacts as the rule registered under the
same key (criteria.rules), plus the ScoringPeriod of the year (which months are due today), and
returns GapItems: a status (not met / at risk / missing data / not decided), the quantity still
needed and one Vietnamese sentence ("tối đa 1 vụ tội phạm về TTXH trong 2 tháng còn lại để giảm
ít nhất 6%", "cần thêm 2 máy scan"). The quantities come from the rules' own comparisons
(decreased_enough, increased_enough, at_least_pct), so they never disagree with the scorecard.
Like the rules' explanations, the sentences are written in Vietnamese, the records' language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from criteria.facts import YOY_FIGURES, WardYearFacts
from criteria.formatting import fmt_int, fmt_pct, fmt_threshold, months_text
from criteria.periods import ScoringPeriod
from criteria.rules import (
    HUNDRED,
    _previous_missing,
    at_least_pct,
    choice_label,
    decreased_enough,
    increased_enough,
    monthly_field_label,
    percent,
    sentence,
    yearly_field_label,
)
from facilities.models import EquipmentKind, Team

NOT_MET = "not_met"  # already lost for the year (or lost at year end)
AT_RISK = "at_risk"  # still within reach, with what it takes
NO_DATA = "no_data"  # data missing to tell
UNDECIDED = "undecided"  # a reviewer's decision is still to come
STATUS_ORDER = {NOT_MET: 0, AT_RISK: 1, NO_DATA: 2, UNDECIDED: 3}


@dataclass(frozen=True)
class GapItem:
    """One thing a criterion still lacks: its status, the quantity needed and the sentence."""

    status: str
    text: str
    needed: int | Decimal | None = None


GapFunction = Callable[[Mapping[str, Any], WardYearFacts, ScoringPeriod], list[GapItem]]
GAPS: dict[str, GapFunction] = {}


def gap(key: str) -> Callable[[GapFunction], GapFunction]:
    """Register a gap function under a rule key (the value of Criterion.rule_key)."""

    def register(function: GapFunction) -> GapFunction:
        if key in GAPS:
            raise ValueError(f"gap {key!r} registered twice")
        GAPS[key] = function
        return function

    return register


def gaps_for(
    rule_key: str, thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod
) -> list[GapItem]:
    """Return what the registered gap function says is missing (nothing for an unknown key)."""
    function = GAPS.get(rule_key)
    return function(thresholds, facts, period) if function else []


def item(status: str, text: str, needed: int | Decimal | None = None) -> GapItem:
    return GapItem(status, sentence([text]), needed)


# --- the arithmetic, from the rules' own comparisons ------------------------------------------


def most_allowed(previous: int, min_decrease_pct: Decimal) -> int:
    """Return the largest count that still meets "giảm ít nhất pct%" on `previous` (−1: none)."""
    guess = int((previous * (HUNDRED - min_decrease_pct) / HUNDRED).to_integral_value(ROUND_FLOOR))
    guess = max(guess, -1)
    while guess >= 0 and not decreased_enough(guess, previous, min_decrease_pct):
        guess -= 1
    while decreased_enough(guess + 1, previous, min_decrease_pct):
        guess += 1
    return guess


def least_required(previous: int, min_increase_pct: Decimal) -> int:
    """Return the smallest count that meets "tăng ít nhất pct%" on `previous`."""
    guess = int(
        (previous * (HUNDRED + min_increase_pct) / HUNDRED).to_integral_value(ROUND_CEILING)
    )
    guess = max(guess, 0)
    while not increased_enough(guess, previous, min_increase_pct):
        guess += 1
    while guess > 0 and increased_enough(guess - 1, previous, min_increase_pct):
        guess -= 1
    return guess


def share_shortfall(part: int, whole: int, minimum: Decimal) -> int:
    """Return how many more of `part` (out of the same `whole`) reach minimum % of it."""
    guess = int((minimum * whole / HUNDRED - part).to_integral_value(ROUND_CEILING))
    guess = max(guess, 0)
    while not at_least_pct(part + guess, whole, minimum):
        guess += 1
    while guess > 0 and at_least_pct(part + guess - 1, whole, minimum):
        guess -= 1
    return guess


def below_pct_allowed(whole: int, max_pct: Decimal) -> int:
    """Return the largest count that stays strictly below max_pct% of whole (−1: none)."""
    guess = int((max_pct * whole / HUNDRED).to_integral_value(ROUND_CEILING))
    while guess >= 0 and not Decimal(guess) * HUNDRED < max_pct * whole:
        guess -= 1
    return guess


# --- words ------------------------------------------------------------------------------------


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def counted(n: int, label: str) -> str:
    """Return '1 vụ tội phạm …' or '2 vụ cháy, nổ …' (a 'vụ' before a bare 'tội phạm')."""
    unit = "vụ " if label.startswith("tội phạm") else ""
    return f"{fmt_int(n)} {unit}{label}"


def remaining_text(facts: WardYearFacts) -> str:
    """Return 'trong 2 tháng còn lại (tháng 11, 12)': the months without an approved report."""
    months = facts.missing_months
    return f"trong {len(months)} tháng còn lại ({months_text(months)}/{facts.year})"


def lost_text(facts: WardYearFacts) -> str:
    return f"không thể đạt trong năm {facts.year}"


def open_status(period: ScoringPeriod, facts: WardYearFacts) -> str:
    """Return at risk while the year (or its data) can still change things, else not met."""
    return AT_RISK if period.provisional or not facts.months_complete else NOT_MET


def zero_breach(facts: WardYearFacts, field: str, count: int, maximum: int = 0) -> list[GapItem]:
    """Return the breach of a count that must not pass `maximum` (counts only add up)."""
    if count <= maximum:
        return []
    target = "mục tiêu: không có" if maximum == 0 else f"mục tiêu không quá {maximum}"
    return [
        item(
            NOT_MET,
            f"đã có {counted(count, monthly_field_label(field))} ({target}) — "
            f"không đạt trong năm {facts.year}",
            count - maximum,
        )
    ]


def previous_missing(facts: WardYearFacts, key: str) -> GapItem:
    return item(NO_DATA, _previous_missing(facts, key))


# --- year-on-year rules -----------------------------------------------------------------------


def _decrease_budget(
    facts: WardYearFacts, key: str, so_far: int, minimum: Decimal, what: str
) -> list[GapItem]:
    """Return the most still allowed of a flow that must fall, or by how much it is over."""
    previous = facts.previous[key].value
    unit = YOY_FIGURES[key].unit
    allowed = most_allowed(previous, minimum)
    target = (
        f"giảm ít nhất {fmt_threshold(minimum)}% so với năm {facts.year - 1} "
        f"({fmt_int(previous)} {unit})"
    )
    if so_far > allowed:
        over = so_far - max(allowed, 0)
        return [
            item(
                NOT_MET,
                f"{what}: {fmt_int(so_far)} {unit}, đã vượt mức cho phép {fmt_int(over)} {unit} "
                f"để {target} — {lost_text(facts)}",
                over,
            )
        ]
    if facts.months_complete:
        return []
    left = allowed - so_far
    return [
        item(
            AT_RISK,
            f"tối đa {fmt_int(left)} {unit} {what} {remaining_text(facts)} để {target}; "
            f"đã có {fmt_int(so_far)} {unit}",
            left,
        )
    ]


@gap("crime_yoy")
def crime_yoy_gap(thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod):
    """No serious resident crime; social-order crime within what still gives the decrease."""
    zero_field = thresholds.get("zero_field", "serious_resident_crimes")
    items = zero_breach(facts, zero_field, facts.sums[zero_field])
    if not facts.previous["social_order_crimes"].known:
        return [*items, previous_missing(facts, "social_order_crimes")]
    current = facts.current["social_order_crimes"]
    so_far = current.value if current.known else facts.sums["social_order_crimes"]
    minimum = Decimal(str(thresholds["min_decrease_pct"]))
    return items + _decrease_budget(
        facts, "social_order_crimes", so_far, minimum, "tội phạm về TTXH"
    )


def _stock_target(
    facts: WardYearFacts, key: str, minimum: Decimal, what: str
) -> tuple[int, int | None, str]:
    """Return (most allowed at year end, year-end value or None, target phrase) of a stock."""
    previous = facts.previous[key].value
    unit = YOY_FIGURES[key].unit
    suffix = f" {unit}" if unit else ""
    allowed = most_allowed(previous, minimum)
    target = (
        f"{what} cuối năm tối đa {fmt_int(max(allowed, 0))}{suffix} để giảm ít nhất "
        f"{fmt_threshold(minimum)}% so với năm {facts.year - 1} ({fmt_int(previous)}{suffix})"
    )
    return allowed, facts.current[key].value, target


@gap("drugs_yoy")
def drugs_gap(thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod):
    """No new addict; addicts at year end within what still gives the decrease."""
    items = zero_breach(facts, "new_drug_addicts", facts.sums["new_drug_addicts"])
    if not facts.previous["drug_addicts"].known:
        return [*items, previous_missing(facts, "drug_addicts")]
    minimum = Decimal(str(thresholds["min_decrease_pct"]))
    allowed, current, target = _stock_target(facts, "drug_addicts", minimum, "người nghiện ma túy")
    if current is None:
        return [*items, item(AT_RISK, target, max(allowed, 0))]
    if current > allowed:
        over = current - max(allowed, 0)
        text = f"cuối năm còn {fmt_int(current)} người nghiện ma túy, vượt {fmt_int(over)} người"
        return [*items, item(NOT_MET, f"{text} ({target}) — {lost_text(facts)}", over)]
    return items


@gap("hot_spots_yoy")
def hot_spots_gap(thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod):
    """No hot spot at year end; or few enough of them and none new."""
    minimum = Decimal(str(thresholds["min_decrease_pct"]))
    new = facts.sums["new_hot_spots"]
    current = facts.current["hot_spots"].value
    if current == 0:
        return []
    if new:
        text = (
            f"đã phát sinh {fmt_int(new)} tụ điểm phức tạp mới: chỉ đạt khi cuối năm không còn "
            "tụ điểm phức tạp nào"
        )
        if current is None:
            return [item(AT_RISK, text, 0)]
        return [item(NOT_MET, f"{text}, cuối năm còn {fmt_int(current)} — {lost_text(facts)}", 0)]
    if not facts.previous["hot_spots"].known:
        return [previous_missing(facts, "hot_spots")]
    allowed, current, target = _stock_target(facts, "hot_spots", minimum, "tụ điểm phức tạp")
    target += ", không phát sinh mới (hoặc không còn tụ điểm nào)"
    if current is None:
        return [item(AT_RISK, target, max(allowed, 0))]
    if current > allowed:
        over = current - max(allowed, 0)
        text = f"cuối năm còn {fmt_int(current)} tụ điểm phức tạp, vượt {fmt_int(over)}"
        return [item(NOT_MET, f"{text} ({target}) — {lost_text(facts)}", over)]
    return []


@gap("fugitives_yoy")
def fugitives_gap(thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod):
    """Fugitives caught or surrendered: how many more still give the increase."""
    if not facts.previous["fugitives"].known:
        return [previous_missing(facts, "fugitives")]
    minimum = Decimal(str(thresholds["min_increase_pct"]))
    previous = facts.previous["fugitives"].value
    current = facts.current["fugitives"]
    fields = YOY_FIGURES["fugitives"].monthly_fields
    so_far = current.value if current.known else sum(facts.sums[f] for f in fields)
    need = least_required(previous, minimum) - so_far
    if need <= 0:
        return []
    what = "đối tượng truy nã bị bắt hoặc ra đầu thú"
    target = (
        f"tăng ít nhất {fmt_threshold(minimum)}% so với năm {facts.year - 1} "
        f"({fmt_int(previous)} đối tượng); đã có {fmt_int(so_far)}"
    )
    if facts.months_complete:
        return [item(NOT_MET, f"còn thiếu {fmt_int(need)} {what} để {target}", need)]
    return [
        item(
            AT_RISK,
            f"cần thêm ít nhất {fmt_int(need)} {what} {remaining_text(facts)} để {target}",
            need,
        )
    ]


# --- counts and ratios ------------------------------------------------------------------------


def _ratio_gap(
    spec: Mapping[str, Any], values: Mapping[str, int], label_of, status: str
) -> list[GapItem]:
    wholes = spec["whole"] if isinstance(spec["whole"], list) else [spec["whole"]]
    part, whole = values[spec["part"]], sum(values[w] for w in wholes)
    minimum = Decimal(str(spec["min_pct"]))
    if whole == 0 or at_least_pct(part, whole, minimum):
        return []
    need = share_shortfall(part, whole, minimum)
    label = spec.get("label") or label_of(spec["part"])
    return [
        item(
            status,
            f"cần thêm {fmt_int(need)} {label} để đạt {fmt_threshold(minimum)}% "
            f"(hiện {fmt_int(part)}/{fmt_int(whole)}, {fmt_pct(percent(part, whole))})",
            need,
        )
    ]


@gap("checks")
def checks_gap(thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod):
    """Each count over its maximum, each count or ratio short of its minimum."""
    items: list[GapItem] = []
    for spec in thresholds.get("checks", []):
        monthly = spec.get("source", "months") == "months"
        if monthly:
            if "max" in spec:
                items += zero_breach(facts, spec["field"], facts.sums[spec["field"]], spec["max"])
            elif "part" in spec:
                items += _ratio_gap(
                    spec, facts.sums, monthly_field_label, open_status(period, facts)
                )
            continue
        if facts.yearly is None:
            if not period.provisional:
                items.append(item(NO_DATA, f"chưa có báo cáo năm {facts.year} đã duyệt"))
            continue
        if "part" in spec:
            items += _ratio_gap(spec, facts.yearly, yearly_field_label, NOT_MET)
        elif "min" in spec and facts.yearly[spec["field"]] < int(spec["min"]):
            value, minimum = facts.yearly[spec["field"]], int(spec["min"])
            label = spec.get("label") or yearly_field_label(spec["field"])
            text = f"cần thêm {fmt_int(minimum - value)} {label} (mục tiêu ít nhất {minimum})"
            items.append(item(NOT_MET, text, minimum - value))
        elif "max" in spec and facts.yearly[spec["field"]] > int(spec["max"]):
            value, maximum = facts.yearly[spec["field"]], int(spec["max"])
            label = spec.get("label") or yearly_field_label(spec["field"])
            text = f"{label}: {fmt_int(value)}, vượt {fmt_int(value - maximum)} — " + lost_text(
                facts
            )
            items.append(item(NOT_MET, text, value - maximum))
    # Two checks of the same field with the same verdict are listed once.
    return list(dict.fromkeys(items))


@gap("managed_subjects")
def managed_subjects_gap(
    thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod
):
    """Subjects still to supervise; reoffenders over the most allowed."""
    reoffenders = facts.sums["reoffenders"]
    if not facts.year_end:
        return []
    managed = facts.year_end["managed_subjects"]
    supervised = facts.year_end["managed_subjects_supervised"]
    if managed == 0:
        return zero_breach(facts, "reoffenders", reoffenders)
    items = []
    min_supervised = Decimal(str(thresholds["min_supervised_pct"]))
    need = share_shortfall(supervised, managed, min_supervised)
    if need:
        text = (
            f"cần quản lý, giám sát thêm {fmt_int(need)} đối tượng (hiện {fmt_int(supervised)}/"
            f"{fmt_int(managed)}; mục tiêu {fmt_threshold(min_supervised)}%)"
        )
        items.append(item(NOT_MET, text, need))
    max_pct = Decimal(str(thresholds["max_reoffending_pct"]))
    allowed = below_pct_allowed(managed, max_pct)
    if reoffenders > allowed:
        over = reoffenders - max(allowed, 0)
        text = (
            f"đã có {fmt_int(reoffenders)} đối tượng tái phạm, vượt mức tối đa "
            f"{fmt_int(max(allowed, 0))} (dưới {fmt_threshold(max_pct)}% của {fmt_int(managed)} "
            f"đối tượng) — {lost_text(facts)}"
        )
        items.append(item(NOT_MET, text, over))
    elif not facts.months_complete:
        text = (
            f"tối đa {fmt_int(allowed - reoffenders)} đối tượng tái phạm nữa "
            f"{remaining_text(facts)} (dưới {fmt_threshold(max_pct)}% của {fmt_int(managed)} "
            "đối tượng)"
        )
        items.append(item(AT_RISK, text, allowed - reoffenders))
    return items


@gap("reporting")
def reporting_gap(thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod):
    """Late monthly reports and substantiated complaints already lose it."""
    maximum = int(thresholds.get("max_substantiated_complaints", 0))
    complaints = facts.sums["officer_complaints_substantiated"]
    items = zero_breach(facts, "officer_complaints_substantiated", complaints, maximum)
    late = [m for m, ok in facts.on_time.items() if ok is False]
    if late:
        text = f"báo cáo {months_text(late)}/{facts.year} gửi trễ hạn — {lost_text(facts)}"
        items.append(item(NOT_MET, text, len(late)))
    unknown = [m for m, ok in facts.on_time.items() if ok is None]
    if unknown:
        items.append(
            item(NO_DATA, f"không rõ ngày gửi báo cáo {months_text(unknown)}/{facts.year}")
        )
    return items


# --- staffing and facilities ------------------------------------------------------------------


def _no_roster(facts: WardYearFacts) -> list[GapItem]:
    return [item(NO_DATA, f"chưa có danh sách cán bộ, chiến sĩ năm {facts.year} (biên chế)")]


@gap("staff_ratings")
def staff_ratings_gap(thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod):
    """Officers still to be rated 'Hoàn thành tốt nhiệm vụ' or better."""
    staffing = facts.staffing
    if staffing is None or staffing.headcount == 0:
        return _no_roster(facts)
    minimum = Decimal(str(thresholds["min_pct"]))
    good, headcount = staffing.rated_good_or_better, staffing.headcount
    unrated = headcount - staffing.rated
    need = share_shortfall(good, headcount, minimum)
    rating = "được phân loại “Hoàn thành tốt nhiệm vụ” trở lên"
    target = f"hiện {good}/{headcount}; mục tiêu {fmt_threshold(minimum)}%"
    if need == 0:
        if unrated:
            text = f"mới có {staffing.rated}/{headcount} cán bộ, chiến sĩ được phân loại"
            return [item(NO_DATA, f"{text} năm {facts.year}")]
        return []
    if need <= unrated:
        text = (
            f"cần thêm {need} cán bộ, chiến sĩ {rating} ({target}; {unrated} người chưa được "
            "phân loại)"
        )
        return [item(AT_RISK, text, need)]
    return [item(NOT_MET, f"còn thiếu {need} cán bộ, chiến sĩ {rating} ({target})", need)]


@gap("staff_structure")
def staff_structure_gap(thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod):
    """Officers to add (or over the maximum) in all, and per team."""
    staffing = facts.staffing
    if staffing is None:
        return _no_roster(facts)
    status = AT_RISK if period.provisional else NOT_MET
    low, high = int(thresholds["min_headcount"]), int(thresholds["max_headcount"])
    min_team = int(thresholds["min_team_size"])
    headcount = staffing.headcount
    items = []
    if headcount < low:
        text = (
            f"cần thêm {low - headcount} biên chế (hiện {headcount} người; mục tiêu {low}–{high})"
        )
        items.append(item(status, text, low - headcount))
    elif headcount > high:
        text = f"vượt {headcount - high} biên chế (hiện {headcount} người; mục tiêu {low}–{high})"
        items.append(item(status, text, headcount - high))
    if not staffing.team_sizes:
        return [*items, item(NO_DATA, "chưa có phân công cán bộ theo tổ")]
    for team, size in sorted(staffing.team_sizes.items()):
        if size < min_team:
            name = lower_first(choice_label(Team, team))
            text = (
                f"cần thêm {min_team - size} biên chế cho {name} (hiện {size}; mỗi tổ ≥ {min_team})"
            )
            items.append(item(status, text, min_team - size))
    return items


@gap("facilities")
def facilities_gap(thresholds: Mapping[str, Any], facts: WardYearFacts, period: ScoringPeriod):
    """Equipment to add per kind; headquarters land and service life."""
    facilities = facts.facilities
    if facilities is None:
        return [item(NO_DATA, f"chưa có số liệu trang thiết bị và trụ sở năm {facts.year}")]
    status = AT_RISK if period.provisional else NOT_MET
    items = []
    if not facilities.equipment_gaps:
        items.append(item(NO_DATA, "chưa có số liệu trang thiết bị"))
    for kind, missing in sorted(facilities.equipment_gaps.items()):
        if missing > 0:
            name = lower_first(choice_label(EquipmentKind, kind))
            items.append(item(status, f"cần thêm {fmt_int(missing)} {name}", missing))
    min_land = int(thresholds["min_land_m2"])
    land = facilities.hq_land_area_m2
    if land is None:
        items.append(item(NO_DATA, "chưa có thông tin trụ sở"))
    elif land < min_land:
        text = (
            f"diện tích đất trụ sở còn thiếu {fmt_int(min_land - land)} m² (hiện "
            f"{fmt_int(land)} m²; mục tiêu ít nhất {fmt_int(min_land)} m²)"
        )
        items.append(item(status, text, min_land - land))
    if facilities.hq_within_service_life is None:
        items.append(item(NO_DATA, "chưa rõ niên hạn sử dụng trụ sở"))
    elif not facilities.hq_within_service_life:
        items.append(item(status, "trụ sở đã quá niên hạn sử dụng: cần xây mới hoặc cải tạo"))
    return items


def manual_gap(decision: str | None, note: str) -> list[GapItem]:
    """Return what a reviewer's decision leaves missing (nothing once it is "Đạt")."""
    if decision is None:
        return [item(UNDECIDED, "chưa có quyết định đánh giá của Công an tỉnh")]
    if decision == NOT_MET:
        text = "Công an tỉnh đánh giá: Không đạt"
        return [item(NOT_MET, f"{text} — {note.strip()}" if note.strip() else text)]
    return []
