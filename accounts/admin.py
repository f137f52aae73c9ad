from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.log import audit_record, audit_snapshot
from dialogkurs.admin import ReadOnlyAdmin

from .models import BackupCode, BackupCodeDevice, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "language")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "language")


# The authenticator's secret is nobody's business but its owner's: no admin page shows it.
# An administrator can only remove a user's two-factor devices (recovery); the user then enrols
# again at the next login.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.action(description=_("Remove two-factor login (the user sets it up again at the next login)"))
def remove_two_factor(modeladmin, request, queryset):
    for user in queryset:
        TOTPDevice.objects.filter(user=user).delete()
        BackupCodeDevice.objects.filter(user=user).delete()
        audit_record(user, "remove_two_factor")
    modeladmin.message_user(request, _("Two-factor login removed for %(count)s user(s).") % {"count": queryset.count()})


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    actions = [remove_two_factor]
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("email", "full_name", "language", "is_active", "last_login")
    list_filter = ("is_active", "is_superuser", "groups", "language")
    search_fields = ("email", "full_name")
    ordering = ("full_name", "email")
    filter_horizontal = ("groups", "user_permissions")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "language")}),
        (_("Roles and permissions"), {"fields": ("is_active", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "language", "password1", "password2")}),
    )
    AUDITED = ("email", "full_name", "language", "is_active", "is_superuser")

    def save_model(self, request, obj, form, change):
        # Users and roles are edited here, not through a service: the audit entry is written here.
        before = audit_snapshot(User.objects.get(pk=obj.pk), self.AUDITED) if change else {}
        super().save_model(request, obj, form, change)
        audit_record(obj, "update" if change else "create", before=before, fields=() if change else self.AUDITED)

    def save_related(self, request, form, formsets, change):
        from .services import audit_roles_changed

        before = set(form.instance.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        audit_roles_changed(form.instance, before)


@admin.register(BackupCodeDevice)
class BackupCodeDeviceAdmin(ReadOnlyAdmin):
    """Whether a user has backup codes and how many are left; never the codes (only hashes exist)."""

    list_display = ("user", "remaining", "confirmed")
    search_fields = ("user__email", "user__full_name")
    fields = ("user", "name", "confirmed")
    readonly_fields = fields
    list_select_related = ("user",)

    @admin.display(description=_("unused codes"))
    def remaining(self, device: BackupCodeDevice) -> int:
        return device.remaining


@admin.register(BackupCode)
class BackupCodeAdmin(ReadOnlyAdmin):
    list_display = ("device", "used_at")
    search_fields = ("device__user__email",)
    fields = ("device", "used_at")
    readonly_fields = fields
    list_select_related = ("device__user",)
