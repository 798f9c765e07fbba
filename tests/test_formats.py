import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, number_format


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_money_is_grouped_with_dots():
    assert number_format(28_868_000_000, force_grouping=True) == "28.868.000.000"


def test_template_integers_are_grouped_and_years_can_be_unlocalized():
    html = Template("{% load l10n %}{{ n }} {{ y|unlocalize }}").render(
        Context({"n": 12334000000, "y": 2023})
    )
    assert html == "12.334.000.000 2023"


def test_decimals_use_a_comma():
    assert number_format(7.1, decimal_pos=1) == "7,1"


def test_dates_are_shown_day_first():
    assert date_format(datetime.date(2023, 7, 5), "SHORT_DATE_FORMAT") == "05/07/2023"


def test_dates_are_typed_day_first():
    field = forms.DateField()
    assert field.clean("04/11/2022") == datetime.date(2022, 11, 4)
