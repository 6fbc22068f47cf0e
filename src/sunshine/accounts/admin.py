"""Accounts in /admin/ (the security administrator): read-mostly.

Creating accounts, roles, enabling and disabling, password resets and two-factor resets are done
in the security workspace (/work/security/), which calls the audited services and keeps the role
rules; here only the display name and e-mail can be edited, through ``services.user_update_profile``
(the site audits the change as well, see ``admin_site.py``).
Groups are the roles defined in code, so they are not edited here. Two-factor devices and API tokens
are not shown at all: their admin pages would show TOTP keys, backup codes and token keys, with which
an administrator could act as another user. They are reset through the workspace's services instead.
"""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import TokenProxy

from . import services
from .models import User

for model in (Group, TOTPDevice, StaticDevice, TokenProxy):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["username", "display_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]
    ordering = ["username"]
    fields = [
        "username",
        "display_name",
        "first_name",
        "last_name",
        "email",
        "roles",
        "is_active",
        "is_staff",
        "must_change_password",
        "password_changed_at",
        "last_login",
        "date_joined",
        "workspace",
    ]
    readonly_fields = [
        "username",
        "first_name",
        "last_name",
        "roles",
        "is_active",
        "is_staff",
        "must_change_password",
        "password_changed_at",
        "last_login",
        "date_joined",
        "workspace",
    ]

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(sorted(g.name for g in obj.groups.all())) or "—"

    @admin.display(description=_("security workspace"))
    def workspace(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("security:user_detail", args=[obj.pk]),
            _("Roles, status, password and two-factor"),
        )

    def save_model(self, request, obj, form, change):
        services.user_update_profile(
            actor=request.user, user=obj, display_name=obj.display_name, email=obj.email
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
