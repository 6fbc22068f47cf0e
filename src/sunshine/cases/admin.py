"""Cases in the admin are read-only: every change goes through the services (the transition table, its
guards, the events and the audit log), never through a form that edits rows directly."""

from __future__ import annotations

from django.contrib import admin

from .models import Case, CaseEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = ["at", "action", "from_state", "to_state", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "procedure", "state", "matter_version", "unit", "registered_on"]
    list_filter = ["procedure", "state", "source"]
    search_fields = ["number", "place"]
    list_select_related = ["matter_version__matter", "unit"]
    inlines = [CaseEventInline]
