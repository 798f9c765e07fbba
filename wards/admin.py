from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from config.forms import BoundedModelForm, InputHygieneMixin
from wards.models import User, Ward, WardLineage


class UserCreationAdminForm(InputHygieneMixin, AdminUserCreationForm):
    """Django's user creation form, its text cleaned at the door (passwords left as typed)."""


class UserChangeAdminForm(InputHygieneMixin, UserChangeForm):
    """Django's user change form, its text cleaned at the door."""


class PredecessorInline(admin.TabularInline):
    model = WardLineage
    form = BoundedModelForm
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    verbose_name = _("đơn vị tiền thân")
    verbose_name_plural = _("đơn vị tiền thân")


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    form = BoundedModelForm
    list_display = ["name", "kind", "code", "valid_from", "valid_to", "in_programme", "target_year"]
    list_filter = ["kind", "in_programme"]
    search_fields = ["name", "code", "statistics_code"]
    inlines = [PredecessorInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
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
