"""Admin of citizen service: Open311 API keys (the system administrator issues and revokes them)."""

import secrets

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "active", "created_at", "revoked_at")
    readonly_fields = ("key", "created_at", "revoked_at")
    fields = ("name", "key", "active", "created_at", "revoked_at")
    actions = ["revoke"]

    def _allowed(self, request) -> bool:
        return has_capability(request.user, "config.manage")

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not obj.key:
            obj.key = secrets.token_urlsafe(32)
        if change and not obj.active and obj.revoked_at is None:
            obj.revoked_at = timezone.now()
        super().save_model(request, obj, form, change)
        audit_append(
            actor=request.user,
            action="service.apikey_revoke" if not obj.active else "service.apikey_issue",
            obj=obj,
            payload={"name": obj.name},
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for key in queryset.filter(active=True):
            key.active = False
            key.revoked_at = timezone.now()
            key.save(update_fields=["active", "revoked_at"])
            audit_append(
                actor=request.user, action="service.apikey_revoke", obj=key, payload={"name": key.name}
            )
