"""The audit log in the admin: read-only. Nothing in the application adds, changes or deletes events."""

from django.contrib import admin

from .models import Checkpoint, Event


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "created_at", "actor_label", "action", "object_type", "object_id")
    list_filter = ("action",)
    search_fields = ("=object_id", "=actor_label")
    show_full_result_count = False
    actions = None


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ("day", "first_seq", "last_seq", "count", "merkle_root")
    actions = None
