"""Sensible bounds for every date a user enters: from 1 January 2000 to 31 December 2100.

One validator for the model fields (so forms and services refuse with a Vietnamese message next
to the field) and one helper for the database CheckConstraint of the same range.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DATE_MIN = datetime.date(2000, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
DATE_OUT_OF_RANGE = _("Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2100.")


def validate_date_in_range(value: datetime.date | None) -> None:
    """Refuse a date before 2000 or after 2100 (None is left to the field's own rules)."""
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(DATE_OUT_OF_RANGE, code="date_out_of_range")


def date_in_range(field: str, *, name: str) -> models.CheckConstraint:
    """Return the database constraint keeping `field` between 2000 and 2100 (or NULL)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": DATE_MIN, f"{field}__lte": DATE_MAX}),
        name=name,
    )


def refuse_rows_out_of_range(apps, label: str, fields: tuple[str, ...]) -> None:
    """Stop a migration that adds the date constraints while rows hold a date outside the range,
    naming them (a person corrects them: a guessed date would be worse than none)."""
    model = apps.get_model(label)
    found = []
    for name in fields:
        rows = (
            model.objects.filter(**{f"{name}__isnull": False})
            .exclude(**{f"{name}__gte": DATE_MIN, f"{name}__lte": DATE_MAX})
            .values_list("pk", name)[:20]
        )
        found.extend(f"{label} id={pk} {name}={value}" for pk, value in rows)
    if found:
        raise RuntimeError(
            "Dates outside 01/01/2000-31/12/2100 must be corrected before this migration "
            "(e.g. in the admin site): " + "; ".join(found)
        )
