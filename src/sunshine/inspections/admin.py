from django.contrib import admin

from .models import InspectionMatter, Target


@admin.register(InspectionMatter)
class InspectionMatterAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "method"]
    search_fields = ["code", "name"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["credit_code", "name", "category", "area", "risk", "compliance", "active"]
    search_fields = ["credit_code", "name"]
    list_filter = ["category", "risk", "compliance"]
