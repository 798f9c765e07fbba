"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

# The largest value each integer column holds on PostgreSQL (SQLite stores 64-bit for all).
INTEGER_LIMITS = {
    "SmallIntegerField": 32_767,
    "PositiveSmallIntegerField": 32_767,
    "IntegerField": 2_147_483_647,
    "PositiveIntegerField": 2_147_483_647,
    "BigIntegerField": 9_223_372_036_854_775_807,
    "PositiveBigIntegerField": 9_223_372_036_854_775_807,
}
MAX_BIGINT = INTEGER_LIMITS["BigIntegerField"]
TOO_LARGE = _("Số quá lớn (tối đa %(limit_value)s).")


def bound_integer(field: forms.IntegerField, limit: int) -> None:
    """Cap an integer form field at `limit` with a plain Vietnamese message."""
    if field.max_value is not None and field.max_value <= limit:
        return
    field.max_value = limit
    field.validators.append(MaxValueValidator(limit, message=TOO_LARGE))
    field.widget.attrs["max"] = limit


class BoundedModelForm(forms.ModelForm):
    """A ModelForm whose integer fields refuse values past their column's range on any database.

    Without it SQLite accepts what PostgreSQL would reject, and a value past a BigIntegerField's
    range would reach the database as an error instead of a message next to the field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.IntegerField):
                continue
            try:
                model_field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field sets its own bounds
                continue
            limit = INTEGER_LIMITS.get(model_field.get_internal_type())
            if limit is not None:
                bound_integer(field, limit)


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's validation errors next to the form's fields (the rest above the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)
