"""Accounts in /admin/ (the security administrator): read-mostly.

Creating accounts, roles, enabling and disabling, password resets and two-factor resets are done
in the security workspace (/work/security/), which calls the audited services and keeps the role
rules; here the profile fields can be edited (audited by the site, see ``admin_site.py``).
Groups are the roles defined in code, so they are not edited here.
"""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import User

if admin.site.is_registered(Group):
    admin.site.unregister(Group)


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

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
