"""The one period parameter: the same query names everywhere, one year range, bad values fall
back to the default with a message, out-of-range path values are a 404."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404
from django.test import RequestFactory

from config.period import programme_years, read_period, year_from_path

TODAY = datetime.date(2026, 11, 30)


def _request(query: str):
    request = RequestFactory().get("/?" + query)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _messages(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_years_run_from_the_2022_baseline_to_this_year():
    assert list(programme_years(TODAY)) == [2022, 2023, 2024, 2025, 2026]


def test_good_query_values_are_read_with_the_one_set_of_names():
    request = _request("nam=2024&thang=6&trang=3&phuong=chi-lang")
    period = read_period(request, default_year=2025, today=TODAY)
    assert (period.year, period.month, period.page, period.ward_code) == (2024, 6, 3, "chi-lang")
    assert period.years == [2026, 2025, 2024, 2023, 2022]
    assert _messages(request) == []


def test_older_english_names_still_work():
    period = read_period(_request("year=2023&ward=tam-thanh"), default_year=2025, today=TODAY)
    assert (period.year, period.ward_code) == (2023, "tam-thanh")


@pytest.mark.parametrize(
    "query",
    [
        "nam=abc",
        "nam=2031",
        "nam=1999",
        "nam=²",
        "thang=13",
        "trang=0",
        "trang=١٢",
        "phuong=<b>",
        "nam=" + "9" * 5000,
    ],
)
def test_bad_query_values_fall_back_to_the_default_with_a_message(query):
    request = _request(query)
    period = read_period(request, default_year=2025, default_month=None, today=TODAY)
    assert (period.year, period.month, period.page, period.ward_code) == (2025, None, 1, "")
    (message,) = _messages(request)
    assert message.startswith("Không hiểu") and "đang hiển thị" in message


def test_a_default_year_outside_the_range_is_brought_inside():
    assert read_period(_request(""), default_year=2040, today=TODAY).year == 2026


@pytest.mark.parametrize("year", [2021, 2027, 99999])
def test_path_years_outside_the_range_are_404(year):
    with pytest.raises(Http404):
        year_from_path(year, TODAY)
    assert year_from_path(2024, TODAY) == 2024


@pytest.mark.django_db
def test_pages_say_when_a_query_value_was_not_understood(reviewer_client):
    response = reviewer_client.get("/reports/board/?nam=abc", follow=True)
    assert response.status_code == 200
    assert "Không hiểu năm “abc”" in response.content.decode()
