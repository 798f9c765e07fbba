"""The one period parameter: year, month, page and ward of every page, read the same way.

Query names are Vietnamese and the same everywhere: `?nam=2025&thang=6&trang=2&phuong=chi-lang`
(the English names of older links, `year`, `month`, `page`, `ward`, are still read). The years
the programme can show are declared once, `programme_years()`: from the 2022 baseline to the
current year. A year, month or page in the address (path) outside its range is a 404; a bad
query value falls back to the page's default and the user is told so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.numbers import query_int

FIRST_YEAR = 2022  # the Đề án's baseline year
QUERY_NAMES = {"year": "nam", "month": "thang", "page": "trang", "ward": "phuong"}
LEGACY_NAMES = {"year": "year", "month": "month", "page": "page", "ward": "ward"}
MAX_DIGITS = 6  # no year, month or page is longer; longer input is refused before parsing


def programme_years(today: datetime.date | None = None) -> range:
    """Return the years a page may show: from the 2022 baseline to the current year."""
    today = today or timezone.localdate()
    return range(FIRST_YEAR, today.year + 1)


def year_from_path(year: int, today: datetime.date | None = None) -> int:
    """Return a year given in the address, or 404 when the programme cannot show it."""
    if year not in programme_years(today):
        raise Http404
    return year


def month_from_path(month: int) -> int:
    """Return a month given in the address, or 404 outside 1-12."""
    if not 1 <= month <= 12:
        raise Http404
    return month


class PeriodForm(forms.Form):
    """The query parameters every page reads (all optional; a bad one is left out)."""

    nam = forms.IntegerField(required=False, label=gettext_lazy("năm"))
    thang = forms.IntegerField(required=False, label=gettext_lazy("tháng"))
    trang = forms.IntegerField(required=False, label=gettext_lazy("trang"))
    phuong = forms.SlugField(required=False, max_length=50, label=gettext_lazy("phường"))

    def __init__(self, data, *, years: range) -> None:
        super().__init__(data)
        self.years = years

    def _number(self, name: str) -> int | None:
        raw = self.data.get(name)
        if raw in (None, ""):
            return None
        value = query_int(raw.strip()) if len(raw) <= MAX_DIGITS else None
        if value is None:
            raise forms.ValidationError("not a whole number")
        return value

    def clean_nam(self) -> int | None:
        year = self._number("nam")
        if year is not None and year not in self.years:
            raise forms.ValidationError("out of range")
        return year

    def clean_thang(self) -> int | None:
        month = self._number("thang")
        if month is not None and not 1 <= month <= 12:
            raise forms.ValidationError("out of range")
        return month

    def clean_trang(self) -> int | None:
        page = self._number("trang")
        if page is not None and page < 1:
            raise forms.ValidationError("out of range")
        return page


@dataclass
class Period:
    """What a page shows: its year, month (or None), page of a list, and ward code (or "")."""

    year: int
    month: int | None = None
    page: int = 1
    ward_code: str = ""
    years: list[int] = field(default_factory=list)  # newest first, for the year picker


def _raw(request, part: str) -> str | None:
    query = request.GET
    value = query.get(QUERY_NAMES[part])
    return query.get(LEGACY_NAMES[part]) if value is None else value


def read_period(
    request,
    *,
    default_year: int,
    default_month: int | None = None,
    today: datetime.date | None = None,
) -> Period:
    """Read the period of a page from its query: any bad value falls back to the default, and
    a message tells the user which value was not understood and what is shown instead."""
    years = programme_years(today)
    if default_year not in years:
        default_year = max(min(default_year, years[-1]), years[0])
    data = {name: _raw(request, part) for part, name in QUERY_NAMES.items()}
    form = PeriodForm({key: value for key, value in data.items() if value is not None}, years=years)
    form.is_valid()
    cleaned = form.cleaned_data
    defaults = {"nam": default_year, "thang": default_month, "trang": 1, "phuong": ""}
    for name in form.errors:
        shown = defaults[name]
        messages.warning(
            request,
            _("Không hiểu %(part)s “%(value)s”; đang hiển thị %(shown)s.")
            % {
                "part": form.fields[name].label,
                "value": str(data[name])[:20],
                "shown": shown if shown not in (None, "") else _("mặc định"),
            },
        )
    return Period(
        year=cleaned.get("nam") or default_year,
        month=cleaned.get("thang") or default_month,
        page=cleaned.get("trang") or 1,
        ward_code=cleaned.get("phuong") or "",
        years=list(reversed(years)),
    )
