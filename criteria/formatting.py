"""Vietnamese number formatting for the stored explanations ("7,1%", "1.234")."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import lru_cache

_QUANTUMS = {places: Decimal(1).scaleb(-places) for places in range(5)}  # 1, 0.1, 0.01, ...


def fmt_int(value: int) -> str:
    """Return a whole number grouped by '.' (1.234)."""
    return f"{value:,}".replace(",", ".")


def fmt_decimal(value: Decimal, *, places: int = 1, rounding: str = ROUND_FLOOR) -> str:
    """Return a decimal with ',' for the decimal point, trailing zeros dropped (7,1 / 6 / 1,5).

    Rounding is chosen by the caller so that the shown figure never crosses the threshold the
    exact one did not: ROUND_FLOOR for "at least" targets, ROUND_CEILING for "below" targets.
    """
    quantum = _QUANTUMS.get(places) or Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=rounding)
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(_QUANTUMS[0])
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    fraction = fraction.rstrip("0")
    text = fmt_int(int(whole)) + ("," + fraction if fraction else "")
    return ("-" if rounded < 0 else "") + text


def fmt_pct(value: Decimal, *, rounding: str = ROUND_FLOOR) -> str:
    """Return a percentage with one decimal, Vietnamese style (7,1%)."""
    return fmt_decimal(value, rounding=rounding) + "%"


@lru_cache(maxsize=256)
def fmt_threshold(value: str | Decimal | int) -> str:
    """Return a threshold as written in the text (6, 1,5)."""
    return fmt_decimal(Decimal(str(value)), places=2, rounding=ROUND_CEILING)


def months_text(months: Iterable[int]) -> str:
    """Return months in words: 'tháng 1–12', 'tháng 3, 4', 'tháng 7'."""
    return _months_text(tuple(sorted(months)))


@lru_cache(maxsize=1024)
def _months_text(months: tuple[int, ...]) -> str:
    if not months:
        return ""
    if len(months) > 2 and months == tuple(range(months[0], months[-1] + 1)):
        return f"tháng {months[0]}–{months[-1]}"
    return "tháng " + ", ".join(str(m) for m in months)
