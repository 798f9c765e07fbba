"""The user admin's forms, in Vietnamese and without surprises.

- Role and ward are checked together, and the message sits next to the ward field ("Cán bộ
  phường phải thuộc một phường.") instead of a database constraint's name at the top.
- A failed "add user" keeps the two passwords typed (they are sent back to the same
  administrator over the same connection), so fixing the ward does not mean typing them again.
- The ward list offers the programme's wards in force first; wards that no longer exist come
  last, marked "(đã giải thể)".
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.forms import InputHygieneMixin
from wards.models import WARD_ROLES, Ward

WARD_REQUIRED = _("Cán bộ phường phải thuộc một phường.")
WARD_NOT_ALLOWED = _(
    "Tài khoản của Công an tỉnh, Ban Chỉ đạo và quản trị không thuộc phường nào: để trống ô này."
)
IN_FORCE, NOT_YET, DISSOLVED = 0, 1, 2


def ward_choices(*, current: Ward | None = None, today=None):
    """Return the wards a user can belong to: the programme's wards (and the user's current
    ward), in force first, then those not yet in force, then dissolved ones; by name within."""
    today = today or timezone.localdate()
    wanted = Q(in_programme=True)
    if current is not None:
        wanted |= Q(pk=current.pk)
    return (
        Ward.objects.filter(wanted)
        .annotate(
            standing=Case(
                When(valid_to__lt=today, then=Value(DISSOLVED)),
                When(valid_from__gt=today, then=Value(NOT_YET)),
                default=Value(IN_FORCE),
                output_field=IntegerField(),
            )
        )
        .order_by("standing", "sort_name", "valid_from")
    )


class WardChoiceField(forms.ModelChoiceField):
    """A ward select whose dissolved wards say so."""

    def label_from_instance(self, obj: Ward) -> str:
        if getattr(obj, "standing", None) == DISSOLVED:
            return _("%(ward)s (đã giải thể)") % {"ward": obj.display_name}
        return obj.display_name


class RoleAndWardMixin:
    """Check the role against the ward, with the message on the ward field."""

    def _setup_ward_field(self) -> None:
        field = self.fields.get("ward")
        if field is None:
            return
        current = getattr(self.instance, "ward", None) if self.instance.ward_id else None
        self.fields["ward"] = WardChoiceField(
            queryset=ward_choices(current=current),
            required=False,
            label=field.label,
            help_text=_(
                "Bắt buộc với Cán bộ và Trưởng Công an phường; để trống với các vai trò khác."
            ),
        )

    def clean(self):
        cleaned = super().clean()
        role, ward = cleaned.get("role"), cleaned.get("ward")
        if "ward" in self.fields and "ward" not in self.errors:
            if role in WARD_ROLES and ward is None:
                self.add_error("ward", WARD_REQUIRED)
            elif role and role not in WARD_ROLES and ward is not None:
                self.add_error("ward", WARD_NOT_ALLOWED)
        return cleaned


class UserAddForm(InputHygieneMixin, RoleAndWardMixin, BaseUserAdmin.add_form):
    """The "add user" form: role and ward checked, passwords kept when another field fails."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.render_value = True
        self._setup_ward_field()


class UserEditForm(InputHygieneMixin, RoleAndWardMixin, BaseUserAdmin.form):
    """The "change user" form: role and ward checked together."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_ward_field()


# ---- Succession: pass a dissolved ward's records to its successor ----

NOT_NOW = ""


class SuccessionForm(InputHygieneMixin, forms.Form):
    """For one dissolved ward: which successor receives each kind of record (the default is
    its only successor, or the one holding its headquarters' address when it was split)."""

    def __init__(self, *args, predecessor: Ward, kinds, passed: dict, default, **kwargs):
        super().__init__(*args, **kwargs)
        self.predecessor = predecessor
        links = predecessor.successor_links.select_related("successor").order_by(
            "successor__sort_name"
        )
        self.successors = {str(link.successor.pk): link.successor for link in links}
        choices = [
            (NOT_NOW, _("Chưa chuyển")),
            *((pk, ward.display_name) for pk, ward in self.successors.items()),
        ]
        for kind in kinds:
            field = forms.ChoiceField(label=kind.label, choices=choices, required=False)
            done = passed.get(kind.key)
            if done is not None:
                field.disabled = True
                field.initial = str(done.successor_id)
                field.help_text = _("Đã chuyển ngày %(day)s.") % {
                    "day": done.performed_at.strftime("%d/%m/%Y")
                }
            elif default is not None:
                field.initial = str(default.pk)
            self.fields[f"kind_{kind.key}"] = field
        self.passed = passed

    def choices_by_successor(self) -> dict[Ward, list[str]]:
        """Return the kinds to pass now, grouped by the successor chosen for them."""
        grouped: dict[Ward, list[str]] = {}
        for name, value in self.cleaned_data.items():
            key = name.removeprefix("kind_")
            if key in self.passed or not value:
                continue
            grouped.setdefault(self.successors[value], []).append(key)
        return grouped


class SuccessionReasonForm(InputHygieneMixin, forms.Form):
    """Why the records pass (written into the history with the user and the time)."""

    reason = forms.CharField(
        label=_("Lý do chuyển hồ sơ"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc. Ví dụ: số nghị quyết sắp xếp đơn vị hành chính."),
        error_messages={"required": _("Nhập lý do chuyển hồ sơ.")},
    )
