"""The admin for the organisation. Every change goes through a service (STYLE.md 2).

The form's ``clean`` calls the service (inside the admin's transaction), so a broken rule or bad
input comes back as a form error and nothing is half-saved; ``save_model`` only picks up the
result. History is not deleted: delete is disabled, certificates change state by admin actions.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import has_capability
from sunshine.core.errors import RuleViolation

from . import services
from .models import BodyCamera, Certificate, Grid, Staff, TrainingRecord, Unit, Vehicle


class OrgAdmin(admin.ModelAdmin):
    """Only the system administrator (``org.manage``) edits the organisation; nothing is deleted."""

    service_fields_on_change: tuple[str, ...] = ()

    def _allowed(self, request) -> bool:
        return request.user.is_active and (
            request.user.is_superuser or has_capability(request.user, "org.manage")
        )

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

    def run_service(self, request, data: dict, obj, changed: list[str]):
        """Save through the org services; every admin built on this class defines it."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define run_service()")

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceForm(base):
            def clean(form):
                cleaned = super().clean()
                if form.errors:
                    return cleaned
                try:
                    form.service_result = model_admin.run_service(request, cleaned, obj, form.changed_data)
                except ValidationError as exc:
                    _add_errors(form, exc)
                except RuleViolation as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                return cleaned

            def _post_clean(form):
                """The service validated and saved the object; the model form must not do it again."""

        return ServiceForm

    def save_model(self, request, obj, form, change):
        result = getattr(form, "service_result", None)
        if result is not None:
            obj.pk = result.pk
            obj.refresh_from_db()


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@admin.register(Unit)
class UnitAdmin(OrgAdmin):
    list_display = ["name", "code", "kind", "short_name", "parent", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    fields = ["code", "name", "short_name", "kind", "parent", "sort_order", "phone", "address", "duties"]

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj else []

    def run_service(self, request, data, obj, changed):
        if obj is None:
            return services.unit_create(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                parent=data.get("parent"),
                short_name=data.get("short_name", ""),
                sort_order=data.get("sort_order") or 0,
                phone=data.get("phone", ""),
                address=data.get("address", ""),
                duties=data.get("duties", ""),
            )
        updates = {k: data[k] for k in changed if k in services.UNIT_FIELDS}
        unit = services.unit_update(actor=request.user, unit=obj, **updates) if updates else obj
        if "parent" in changed:
            unit = services.unit_move(actor=request.user, unit=unit, parent=data["parent"])
        return unit


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "number",
        "enforcement_category",
        "enforcement_area",
        "issued_on",
        "expires_on",
        "status",
    ]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class TrainingRecordInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0
    can_delete = False
    fields = readonly_fields = ["date", "course", "hours", "exam_result", "score"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Staff)
class StaffAdmin(OrgAdmin):
    list_display = ["name", "employee_no", "unit", "kind", "status", "title", "is_legal_reviewer"]
    list_filter = ["kind", "status", "is_legal_reviewer", "unit"]
    search_fields = ["name", "employee_no", "certificates__number"]
    list_select_related = ["unit"]
    raw_id_fields = ["user"]
    fields = [
        "employee_no",
        "name",
        "gender",
        "kind",
        "unit",
        "title",
        "phone",
        "id_number",
        "status",
        "is_legal_reviewer",
        "legal_professional_qualification",
        "hired_on",
        "user",
    ]
    inlines = [CertificateInline, TrainingRecordInline]

    def run_service(self, request, data, obj, changed):
        if obj is None:
            staff = services.staff_create(
                actor=request.user,
                **{k: data.get(k) for k in services.STAFF_FIELDS if k in data and data.get(k) is not None},
            )
            if data.get("status") and data["status"] != Staff.Status.ACTIVE:
                staff = services.staff_set_status(actor=request.user, staff=staff, status=data["status"])
            return staff
        staff = obj
        updates = {k: data[k] for k in changed if k in services.STAFF_FIELDS}
        if updates:
            staff = services.staff_update(actor=request.user, staff=staff, **updates)
        if "status" in changed:
            staff = services.staff_set_status(actor=request.user, staff=staff, status=data["status"])
        return staff


@admin.register(Certificate)
class CertificateAdmin(OrgAdmin):
    list_display = [
        "number",
        "staff",
        "enforcement_category",
        "enforcement_area",
        "issued_on",
        "expires_on",
        "status",
    ]
    list_filter = ["status", "enforcement_category"]
    search_fields = ["number", "staff__name", "staff__employee_no"]
    list_select_related = ["staff"]
    raw_id_fields = ["staff"]
    fields = [
        "staff",
        "number",
        "enforcement_category",
        "enforcement_area",
        "issued_on",
        "expires_on",
        "status",
    ]
    actions = ["suspend", "reinstate", "revoke"]

    def get_readonly_fields(self, request, obj=None):
        # A certificate is never edited in place: renew or change its state instead.
        return self.fields if obj else ["status"]

    def run_service(self, request, data, obj, changed):
        if obj is not None:
            return obj
        return services.certificate_issue(
            actor=request.user,
            staff=data["staff"],
            number=data["number"],
            enforcement_category=data["enforcement_category"],
            enforcement_area=data["enforcement_area"],
            issued_on=data["issued_on"],
            expires_on=data["expires_on"],
        )

    def _transition(self, request, queryset, service, done_message):
        done = 0
        for certificate in queryset:
            try:
                service(actor=request.user, certificate=certificate, reason=str(_("by the administrator")))
                done += 1
            except (ValidationError, RuleViolation) as exc:
                messages.error(
                    request, f"{certificate.number}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}"
                )
        if done:
            messages.success(request, done_message % {"count": done})

    @admin.action(description=_("Suspend the selected certificates"))
    def suspend(self, request, queryset):
        self._transition(
            request, queryset, services.certificate_suspend, _("%(count)d certificate(s) suspended.")
        )

    @admin.action(description=_("Lift the suspension of the selected certificates"))
    def reinstate(self, request, queryset):
        self._transition(
            request, queryset, services.certificate_reinstate, _("%(count)d certificate(s) reinstated.")
        )

    @admin.action(description=_("Revoke the selected certificates"))
    def revoke(self, request, queryset):
        self._transition(
            request, queryset, services.certificate_revoke, _("%(count)d certificate(s) revoked.")
        )


@admin.register(TrainingRecord)
class TrainingRecordAdmin(OrgAdmin):
    list_display = ["date", "staff", "course", "hours", "exam_result", "score"]
    list_filter = ["exam_result", "date"]
    search_fields = ["staff__name", "staff__employee_no", "course"]
    list_select_related = ["staff"]
    raw_id_fields = ["staff"]
    fields = ["staff", "course", "hours", "date", "exam_result", "score"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else []

    def run_service(self, request, data, obj, changed):
        if obj is not None:
            return obj
        return services.training_record_add(
            actor=request.user,
            staff=data["staff"],
            course=data["course"],
            hours=data["hours"],
            date=data["date"],
            exam_result=data.get("exam_result") or TrainingRecord.ExamResult.NONE,
            score=data.get("score"),
        )


@admin.register(Grid)
class GridAdmin(OrgAdmin):
    list_display = ["code", "name", "squad", "min_lng", "min_lat", "max_lng", "max_lat"]
    list_filter = ["squad"]
    search_fields = ["code", "name"]
    list_select_related = ["squad"]
    fields = ["code", "name", "squad", "polygon", "min_lng", "min_lat", "max_lng", "max_lat"]
    readonly_fields = ["min_lng", "min_lat", "max_lng", "max_lat"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "squad":
            kwargs["queryset"] = Unit.objects.filter(kind=Unit.Kind.SQUAD)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def run_service(self, request, data, obj, changed):
        return services.grid_save(
            actor=request.user,
            code=data["code"],
            name=data["name"],
            squad=data["squad"],
            polygon=data["polygon"],
            grid=obj,
        )


@admin.register(BodyCamera)
class BodyCameraAdmin(OrgAdmin):
    list_display = ["serial", "model_name", "unit", "assigned_to", "status"]
    list_filter = ["status", "unit"]
    search_fields = ["serial", "assigned_to__name"]
    list_select_related = ["unit", "assigned_to"]
    raw_id_fields = ["assigned_to"]
    fields = ["serial", "model_name", "unit", "assigned_to", "status"]

    def get_readonly_fields(self, request, obj=None):
        return ["serial", "model_name", "unit"] if obj else []

    def run_service(self, request, data, obj, changed):
        camera = obj
        if camera is None:
            camera = services.camera_register(
                actor=request.user,
                serial=data["serial"],
                unit=data["unit"],
                model_name=data.get("model_name", ""),
            )
            changed = [
                f
                for f in ("status", "assigned_to")
                if data.get(f) and data[f] != BodyCamera.Status.IN_SERVICE
            ]
        if "status" in changed:
            camera = services.camera_set_status(actor=request.user, camera=camera, status=data["status"])
        if "assigned_to" in changed:
            camera = services.camera_assign(actor=request.user, camera=camera, staff=data.get("assigned_to"))
        return camera


@admin.register(Vehicle)
class VehicleAdmin(OrgAdmin):
    list_display = ["plate", "kind", "unit", "status"]
    list_filter = ["status", "unit"]
    search_fields = ["plate"]
    list_select_related = ["unit"]
    fields = ["plate", "kind", "unit", "status"]

    def get_readonly_fields(self, request, obj=None):
        return ["plate", "kind", "unit"] if obj else []

    def run_service(self, request, data, obj, changed):
        vehicle = obj
        if vehicle is None:
            vehicle = services.vehicle_register(
                actor=request.user, plate=data["plate"], kind=data["kind"], unit=data["unit"]
            )
            changed = ["status"] if data.get("status") not in (None, "", Vehicle.Status.IN_SERVICE) else []
        if "status" in changed:
            vehicle = services.vehicle_set_status(actor=request.user, vehicle=vehicle, status=data["status"])
        return vehicle
