"""Form helpers shared by the apps: every form cleans its input at the door.

Every form of the project derives from `Form` or `BoundedModelForm` (the admin's too), which
apply two rules to every field, whatever the field was declared as:

* text fields (CharField and its kinds, password inputs aside) go through
  config.text.clean_text: NFC, newlines, and a message naming the field for a control or bidi
  character;
* integer fields parse with config.numbers.parse_int ("1.234", "4.200.000.000", "1234"; "1,5",
  "²", "١٢" or a 5,000-digit string get a message), and show values back grouped by dots in a
  text input (a number input would refuse "1.234" in the browser). Year fields are not grouped.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator
from django.forms.utils import pretty_name
from django.utils.translation import gettext_lazy as _

from config.numbers import NumberError, group, parse_int
from config.text import clean_text

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


class WholeNumberInput(forms.TextInput):
    """A text input for a whole number, shown grouped by dots (1.234) unless `grouped` is off;
    the phone keyboard is the numeric one."""

    def __init__(self, attrs=None, *, grouped: bool = True):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})
        self.grouped = grouped

    def format_value(self, value):
        if self.grouped and isinstance(value, int) and not isinstance(value, bool):
            return group(value)
        return super().format_value(value)


def _is_year(name: str) -> bool:
    return name == "year" or name.endswith("_year") or name.startswith("year_")


def _text_to_python(original, label: str):
    def to_python(value):
        value = original(value)
        if isinstance(value, str) and value:
            value = clean_text(value, field=label)
        return value

    return to_python


def _integer_to_python(field: forms.IntegerField):
    def to_python(value):
        if value in field.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_int(str(value))
        except NumberError as exc:
            raise ValidationError(exc.message, code="invalid", params=exc.params) from None

    return to_python


def _hygienic_integer(name: str, field: forms.IntegerField) -> None:
    field.to_python = _integer_to_python(field)
    widget = field.widget
    if isinstance(widget, forms.NumberInput):
        attrs = {k: v for k, v in widget.attrs.items() if k not in {"min", "max", "step"}}
        field.widget = WholeNumberInput(attrs, grouped=not _is_year(name))
        field.widget.is_required = widget.is_required


def apply_input_hygiene(form: forms.BaseForm) -> None:
    """Make every field of a bound or unbound form clean its input (see the module doc); a
    field already made so is left as it is."""
    for name, field in form.fields.items():
        if getattr(field, "input_hygiene", False):
            continue
        field.input_hygiene = True
        whole = not isinstance(field, forms.FloatField | forms.DecimalField)
        if isinstance(field, forms.IntegerField) and whole:
            _hygienic_integer(name, field)
        elif isinstance(field, forms.CharField) and not isinstance(
            field.widget, forms.PasswordInput
        ):
            label = str(field.label) if field.label else pretty_name(name)
            field.to_python = _text_to_python(field.to_python, label)


class InputHygieneMixin:
    """Applied by every form of the project: text and whole numbers cleaned at the door.

    Fields added after the form's __init__ (a form building its fields from a model) are made
    so too: before cleaning and before a field is first shown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_hygiene(self)

    def full_clean(self):
        apply_input_hygiene(self)
        super().full_clean()

    def __getitem__(self, name):
        if name not in self._bound_fields_cache:
            apply_input_hygiene(self)
        return super().__getitem__(name)


class Form(InputHygieneMixin, forms.Form):
    """The base of every plain form of the project."""


def bound_integer(field: forms.IntegerField, limit: int) -> None:
    """Cap an integer form field at `limit` with a plain Vietnamese message."""
    if field.max_value is not None and field.max_value <= limit:
        return
    field.max_value = limit
    field.validators.append(MaxValueValidator(limit, message=TOO_LARGE))
    if isinstance(field.widget, forms.NumberInput):
        field.widget.attrs["max"] = limit


class BoundedModelForm(InputHygieneMixin, forms.ModelForm):
    """A ModelForm whose integer fields refuse values past their column's range on any database,
    and whose text and number fields are cleaned at the door (InputHygieneMixin).

    Without the bounds SQLite accepts what PostgreSQL would reject, and a value past a
    BigIntegerField's range would reach the database as an error instead of a message next to
    the field.
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
