"""Read-only admin of oversight: every change goes through the services (audited)."""

from django.contrib import admin

from .models import AccountabilityAction, ConductCheck, EnforcementFault, Finding


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConductCheck)
class ConductCheckAdmin(ReadOnly):
    list_display = ("checked_at", "kind", "unit", "checked_by")
    list_filter = ("kind",)


@admin.register(Finding)
class FindingAdmin(ReadOnly):
    list_display = ("found_on", "staff", "item", "status", "due")
    list_filter = ("status", "item")


@admin.register(EnforcementFault)
class EnforcementFaultAdmin(ReadOnly):
    list_display = ("found_on", "source", "case")
    list_filter = ("source",)


@admin.register(AccountabilityAction)
class AccountabilityActionAdmin(ReadOnly):
    list_display = ("proposed_at", "staff", "kind", "status")
    list_filter = ("kind", "status")
