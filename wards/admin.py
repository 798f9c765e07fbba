from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from wards.admin_forms import UserAddForm, UserEditForm
from wards.models import User, Ward, WardLineage


class PredecessorInline(admin.TabularInline):
    model = WardLineage
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    verbose_name = _("đơn vị tiền thân")
    verbose_name_plural = _("đơn vị tiền thân")


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "valid_from", "valid_to", "in_programme", "target_year"]
    list_filter = ["kind", "in_programme"]
    search_fields = ["name", "code", "statistics_code"]
    inlines = [PredecessorInline]


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
