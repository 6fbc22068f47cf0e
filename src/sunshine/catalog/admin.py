"""Configuration of the power list in ``/admin/``: every write goes through ``services``.

Published versions keep their legal texts: a change of law is a new version (the "publish a new version"
action or adding a version), which closes the previous one's ``effective_to``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core.errors import PermissionDeniedError, RuleViolation

from . import services
from .models import BenchmarkTier, Matter, MatterVersion, RegionalSettings, ReviewCatalogRule


class TierForm(forms.ModelForm):
    class Meta:
        model = BenchmarkTier
        fields = ["severity", *services.TIER_FIELDS]

    def clean(self):
        """A tier stays within the version's statutory range (《行政处罚法》第三十四条); the service
        checks it again when saving."""
        data = super().clean()
        version = self.instance.version if self.instance.version_id else None
        if version is None:
            return data
        for low_name, high_name, stat_low, stat_high in (
            (
                "fine_individual_min",
                "fine_individual_max",
                version.fine_individual_min,
                version.fine_individual_max,
            ),
            ("fine_org_min", "fine_org_max", version.fine_org_min, version.fine_org_max),
        ):
            low, high = data.get(low_name), data.get(high_name)
            if (stat_high is not None and high is not None and high > stat_high) or (
                stat_low is not None and low is not None and low < stat_low
            ):
                raise ValidationError(
                    _("A benchmark tier must stay within the statutory range of the penalty provision.")
                )
        return data


class TierInline(admin.TabularInline):
    model = BenchmarkTier
    form = TierForm
    extra = 0
    fields = ["severity", *services.TIER_FIELDS]


class VersionInline(admin.TabularInline):
    model = MatterVersion
    extra = 0
    fields = ["number", "effective_from", "effective_to", "penalty_law", "penalty_article", "verified"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "active"]
    list_filter = ["category", "active"]
    search_fields = ["code", "name"]
    inlines = [VersionInline]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def save_model(self, request, obj, form, change):
        services.matter_save(
            actor=request.user, code=obj.code, name=obj.name, category=obj.category, active=obj.active
        )

    def has_delete_permission(self, request, obj=None):
        return False  # cases refer to matters: take one off the list instead


class VersionAdminForm(forms.ModelForm):
    class Meta:
        model = MatterVersion
        fields = ["matter", "effective_from", *services.VERSION_FIELDS]

    def clean(self):
        data = super().clean()
        matter, start = data.get("matter"), data.get("effective_from")
        if self.instance.pk is None and matter is not None and start is not None:
            previous = matter.versions.order_by("-number").first()
            if previous is not None and start <= previous.effective_from:
                raise ValidationError(
                    {
                        "effective_from": _(
                            "A new version must take effect after %(date)s, "
                            "when version %(number)s took effect."
                        )
                        % {"date": previous.effective_from.isoformat(), "number": previous.number}
                    }
                )
        return data


@admin.register(MatterVersion)
class MatterVersionAdmin(admin.ModelAdmin):
    form = VersionAdminForm
    list_display = ["matter", "number", "effective_from", "effective_to", "verified"]
    list_filter = ["verified", "matter__category"]
    search_fields = ["matter__code", "matter__name", "penalty_law"]
    list_select_related = ["matter"]
    inlines = [TierInline]
    editable_after_publish = {"handling_unit", "time_limit_days", "note", "benchmark_document", "verified"}

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["number", "effective_to"]
        return [
            name
            for name in ["matter", "number", "effective_from", "effective_to", *services.VERSION_FIELDS]
            if name not in self.editable_after_publish
        ]

    def _run(self, request, call):
        try:
            return call()
        except (RuleViolation, PermissionDeniedError, ValidationError) as exc:
            citation = getattr(exc, "citation", "")
            self.message_user(request, f"{exc} {citation}".strip(), messages.ERROR)
            return None

    def save_model(self, request, obj, form, change):
        if change:
            data = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in self.editable_after_publish
            }
            if data:
                self._run(
                    request, lambda: services.version_update_notes(actor=request.user, version=obj, data=data)
                )
            return
        data = {
            name: form.cleaned_data[name] for name in services.VERSION_FIELDS if name in form.cleaned_data
        }
        version = self._run(
            request,
            lambda: services.version_publish(
                actor=request.user,
                matter=form.cleaned_data["matter"],
                effective_from=form.cleaned_data["effective_from"],
                data=data,
            ),
        )
        if version is not None:
            obj.pk = version.pk
            obj.number = version.number

    def save_formset(self, request, form, formset, change):
        if formset.model is not BenchmarkTier:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these; the tiers are saved by the service below.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        version = form.instance
        if version.pk is None:
            return None
        changed = [f for f in formset.forms if f.has_changed() and f.cleaned_data]

        def save_all():
            # All the tiers of one submission, or none of them.
            with transaction.atomic():
                for tier_form in changed:
                    services.tier_save(
                        actor=request.user,
                        version=version,
                        severity=tier_form.cleaned_data["severity"],
                        data={name: tier_form.cleaned_data.get(name) for name in services.TIER_FIELDS},
                    )

        self._run(request, save_all)
        return None

    def has_delete_permission(self, request, obj=None):
        return False  # a published version stays: old cases were decided under it


@admin.register(ReviewCatalogRule)
class ReviewCatalogRuleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "matter",
        "category",
        "penalty_kind",
        "amount_individual_from",
        "amount_org_from",
        "active",
    ]
    list_filter = ["active", "category", "penalty_kind"]
    search_fields = ["title", "citation"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.cleaned_data}
        rule = services.review_rule_save(actor=request.user, rule=obj if change else None, data=data)
        obj.pk = rule.pk

    def has_delete_permission(self, request, obj=None):
        return False  # switch a line off (active) so that past reviews keep their reason


@admin.register(RegionalSettings)
class RegionalSettingsAdmin(admin.ModelAdmin):
    fields = list(services.SETTINGS_FIELDS)
    list_display = ["__str__", "hearing_threshold_individual", "hearing_threshold_org", "updated_at"]

    def has_add_permission(self, request):
        return not RegionalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.settings_update(
            actor=request.user, data={name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
        )
        obj.pk = RegionalSettings.current().pk
