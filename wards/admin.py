from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from config.admin import ReadOnlyMixin
from config.errors import AppError
from config.forms import BoundedModelForm
from wards.admin_forms import SuccessionForm, SuccessionReasonForm, UserAddForm, UserEditForm
from wards.models import (
    CHANGE_REASON_MAX_LENGTH,
    TARGET_YEAR_AND_UNDECIDED,
    ResponsibleBody,
    SuccessionTransfer,
    User,
    Ward,
    WardLineage,
    WardSuccession,
)
from wards.services import ward_default_successor, ward_succession_apply
from wards.succession import transfer_kinds


class ChangeReasonForm(BoundedModelForm):
    """An admin form that asks why: the reason goes into the change history with the user and
    the time."""

    change_reason = forms.CharField(
        label=_("Lý do thay đổi"),
        max_length=CHANGE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Bắt buộc. Ghi vào lịch sử thay đổi cùng người sửa và thời điểm (ví dụ: số văn bản "
            "căn cứ)."
        ),
        error_messages={"required": _("Nhập lý do thay đổi.")},
    )

    def clean_change_reason(self) -> str:
        reason = self.cleaned_data["change_reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Nhập lý do thay đổi."))
        return reason


class WardAdminForm(ChangeReasonForm):
    class Meta:
        model = Ward
        fields = [
            "code",
            "name",
            "kind",
            "city",
            "statistics_code",
            "valid_from",
            "valid_to",
            "in_programme",
            "target_year",
            "target_year_undecided",
            "notes",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target_year") is not None and cleaned.get("target_year_undecided"):
            self.add_error("target_year_undecided", TARGET_YEAR_AND_UNDECIDED)
        return cleaned


class WardLineageAdminForm(ChangeReasonForm):
    class Meta:
        model = WardLineage
        fields = [
            "successor",
            "predecessor",
            "effective_date",
            "holds_headquarters",
            "legal_basis",
            "note",
        ]


class PredecessorInline(admin.TabularInline):
    model = WardLineage
    form = BoundedModelForm
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    fields = ["predecessor", "effective_date", "holds_headquarters", "legal_basis", "note"]
    verbose_name = _("đơn vị tiền thân")
    verbose_name_plural = _("đơn vị tiền thân")


def _remember_why(instance, request, reason: str) -> None:
    """Give the history of the instance's next save or delete its user and reason."""
    instance._history_user = request.user
    instance._change_reason = reason


@admin.register(Ward)
class WardAdmin(SimpleHistoryAdmin):
    """Wards, with a required reason for every change; the history page lists each change of
    the ward (target year, validity, programme membership, …) and of its lineage links."""

    form = WardAdminForm
    list_display = [
        "name",
        "kind",
        "code",
        "valid_from",
        "valid_to",
        "in_programme",
        "target_year",
        "target_year_undecided",
    ]
    list_filter = ["kind", "in_programme", "target_year_undecided"]
    search_fields = ["name", "code", "statistics_code"]
    inlines = [PredecessorInline]
    actions = ["pass_records_to_successor"]
    object_history_template = "admin/wards/ward/object_history.html"
    fieldsets = (
        (None, {"fields": ("code", "name", "kind", "city", "statistics_code")}),
        (
            _("Hiệu lực và Đề án"),
            {
                "fields": (
                    "valid_from",
                    "valid_to",
                    "in_programme",
                    "target_year",
                    "target_year_undecided",
                )
            },
        ),
        (None, {"fields": ("notes",)}),
        (_("Lý do thay đổi"), {"fields": ("change_reason",)}),
    )

    def save_model(self, request, obj, form, change):
        _remember_why(obj, request, form.cleaned_data["change_reason"])
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            _remember_why(inline_form.instance, request, form.cleaned_data["change_reason"])
        super().save_formset(request, form, formset, change)

    def history_view(self, request, object_id, extra_context=None):
        """Add the changes of the ward's lineage links (as successor or predecessor)."""
        lineage = (
            WardLineage.history.filter(Q(successor_id=object_id) | Q(predecessor_id=object_id))
            .select_related("history_user", "successor", "predecessor")
            .order_by("-history_date", "-history_id")
            if str(object_id).isdigit()
            else WardLineage.history.none()
        )
        context = {"lineage_history": lineage[:200], **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    @admin.action(description=_("Chuyển hồ sơ sang phường kế thừa"))
    def pass_records_to_successor(self, request, queryset):
        """Ask which successor receives each kind of record and why, show what would pass,
        then pass it (kinds already passed are shown and left alone)."""
        wards = list(queryset.filter(successor_links__isnull=False).distinct().order_by("pk"))
        skipped = queryset.exclude(pk__in=[ward.pk for ward in wards])
        for ward in skipped:
            self.message_user(
                request,
                _("%(ward)s không có đơn vị kế thừa: bỏ qua.") % {"ward": ward.display_name},
                messages.WARNING,
            )
        if not wards:
            return None
        confirmed = "confirm" in request.POST
        data = request.POST if confirmed else None
        kinds = transfer_kinds()
        reason_form = SuccessionReasonForm(data)
        entries = []
        for ward in wards:
            passed = {run.kind: run for run in WardSuccession.objects.filter(predecessor=ward)}
            try:
                default = ward_default_successor(predecessor=ward)
            except AppError:
                default = None
            form = SuccessionForm(
                data,
                prefix=f"ward{ward.pk}",
                predecessor=ward,
                kinds=kinds,
                passed=passed,
                default=default,
            )
            preview = ward_succession_apply(
                predecessor=ward,
                successor=default or next(iter(form.successors.values())),
                user=request.user,
                reason=str(_("Xem trước")),
                dry_run=True,
            )
            counts = {key: len(items) for key, items in preview.moved.items()}
            rows = [
                (form[f"kind_{kind.key}"], counts.get(kind.key), kind.key in passed)
                for kind in kinds
            ]
            entries.append((ward, form, rows, default))
        if confirmed and reason_form.is_valid() and all(e[1].is_valid() for e in entries):
            total = 0
            for ward, form, _rows, _default in entries:
                for successor, chosen in form.choices_by_successor().items():
                    result = ward_succession_apply(
                        predecessor=ward,
                        successor=successor,
                        user=request.user,
                        reason=reason_form.cleaned_data["reason"],
                        kinds=chosen,
                    )
                    total += result.total
            self.message_user(
                request,
                _("Đã chuyển %(count)s bản ghi sang phường kế thừa.") % {"count": total},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Chuyển hồ sơ sang phường kế thừa"),
            "entries": entries,
            "reason_form": reason_form,
            "selected": [ward.pk for ward in wards],
            "action_name": "pass_records_to_successor",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/wards/ward/succession_confirm.html", context)


class SuccessionTransferInline(admin.TabularInline):
    model = SuccessionTransfer
    form = BoundedModelForm
    extra = 0
    can_delete = False
    fields = ["label", "note"]
    readonly_fields = fields
    verbose_name = _("bản ghi đã chuyển")
    verbose_name_plural = _("bản ghi đã chuyển")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WardSuccession)
class WardSuccessionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The record of each succession run: who, when, why and what passed (read only)."""

    form = BoundedModelForm
    list_display = [
        "predecessor",
        "successor",
        "kind",
        "effective_date",
        "performed_by",
        "performed_at",
    ]
    list_filter = ["kind", "successor"]
    fields = [
        "predecessor",
        "successor",
        "kind",
        "effective_date",
        "performed_by",
        "performed_at",
        "reason",
    ]
    readonly_fields = fields
    inlines = [SuccessionTransferInline]


@admin.register(WardLineage)
class WardLineageAdmin(SimpleHistoryAdmin):
    """Lineage links on their own (also editable inline on the successor ward)."""

    form = WardLineageAdminForm
    list_display = [
        "predecessor",
        "successor",
        "effective_date",
        "holds_headquarters",
        "legal_basis",
    ]
    autocomplete_fields = ["predecessor", "successor"]
    search_fields = ["predecessor__name", "successor__name"]

    def save_model(self, request, obj, form, change):
        _remember_why(obj, request, form.cleaned_data["change_reason"])
        super().save_model(request, obj, form, change)


@admin.register(ResponsibleBody)
class ResponsibleBodyAdmin(SimpleHistoryAdmin):
    """The bodies that issue documents, steer the programme or pay a funding source, with their
    validity periods and default signers: administrators set who takes over after a
    reorganisation (from 01/07/2025 Công an tỉnh by default)."""

    form = BoundedModelForm
    list_display = [
        "name",
        "superior",
        "valid_from",
        "valid_to",
        "issues_documents",
        "steers",
        "signer_name",
    ]
    list_filter = ["issues_documents", "steers"]
    search_fields = ["name", "name_in_text", "superior", "abbreviation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    list_display = ["username", "full_name", "role", "ward", "is_active"]
    list_filter = ["role", "ward", "is_active"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Vai trò trong Đề án"), {"fields": ("full_name", "role", "ward")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Vai trò trong Đề án"), {"fields": ("full_name", "role", "ward")}),
    )
