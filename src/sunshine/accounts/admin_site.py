"""The /admin/ site: entered through Sunshine's login, permitted by capability, every change audited.

:class:`SunshineAdminSite` is the default admin site (``SunshineAdminConfig`` in ``apps.py``), so
every app's ``admin.py`` registers on it unchanged. ``register`` mixes :class:`AuditedAdminMixin`
into each ModelAdmin: an add, change or delete made in /admin/ appends an audit event in the same
transaction as the change (GB/T 22239-2019 8.1.4.3 a)).
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sunshine.audit.services import audit_append

from .roles import has_capability


def _jsonable(message):
    return json.loads(json.dumps(message, default=str)) if message else message


class AuditedAdminMixin:
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        audit_append(
            actor=request.user,
            action="admin.add",
            obj=obj,
            payload={"repr": str(obj)[:200], "message": _jsonable(message)},
        )
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        audit_append(
            actor=request.user,
            action="admin.change",
            obj=obj,
            payload={"repr": str(obj)[:200], "message": _jsonable(message)},
        )
        return entry

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit_append(actor=request.user, action="admin.delete", obj=obj, payload={"repr": str(obj)[:200]})
        return super().log_deletions(request, queryset)


class SunshineAdminSite(admin.AdminSite):
    site_header = _("Sunshine configuration")
    site_title = _("Sunshine configuration")
    index_title = _("Configuration")

    def has_permission(self, request):
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and (has_capability(user, "config.manage") or has_capability(user, "accounts.manage"))
        )

    def login(self, request, extra_context=None):
        """One login for the whole platform (lockout, demo-password refusal, two-factor, audit)."""
        if request.user.is_authenticated:
            # Logged in but not an administrator: a denial, not another login form (no redirect loop).
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))

    def logout(self, request, extra_context=None):
        from .views import logout_view

        return logout_view(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(
                admin_class.__name__, (AuditedAdminMixin, admin_class), {"__module__": admin_class.__module__}
            )
        return super().register(model_or_iterable, admin_class, **options)
