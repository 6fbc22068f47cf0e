"""Admin: the system administrator keeps the officers' signatures, the seals and the bank; issued documents
are read-only here (they change only through the services: void, correct)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import PermissionDeniedError

from . import services
from .models import Document, IssuingSettings, StaffSignature, UnitSeal


class ImageUploadForm(forms.ModelForm):
    upload = forms.FileField(label=_("PNG image"), required=True)

    def clean_upload(self):
        data = self.cleaned_data["upload"].read(services.rules.MAX_SIGNATURE_BYTES + 1)
        services.check_image(data, png_only=True)
        return data


class _ImageAdmin(admin.ModelAdmin):
    form = ImageUploadForm
    readonly_fields = ["sha256", "updated_at"]

    def save_model(self, request, obj, form, change):
        try:
            self.store(request, obj, form.cleaned_data["upload"])
        except (PermissionDeniedError, ValidationError) as exc:
            raise ValidationError(str(exc)) from exc


@admin.register(StaffSignature)
class StaffSignatureAdmin(_ImageAdmin):
    list_display = ["staff", "sha256", "updated_at"]
    fields = ["staff", "upload", "sha256", "updated_at"]

    def store(self, request, obj, data):
        saved = services.staff_signature_set(actor=request.user, staff=obj.staff, image=data)
        obj.pk = saved.pk


@admin.register(UnitSeal)
class UnitSealAdmin(_ImageAdmin):
    list_display = ["unit", "sha256", "updated_at"]
    fields = ["unit", "upload", "sha256", "updated_at"]

    def store(self, request, obj, data):
        saved = services.unit_seal_set(actor=request.user, unit=obj.unit, image=data)
        obj.pk = saved.pk


@admin.register(IssuingSettings)
class IssuingSettingsAdmin(admin.ModelAdmin):
    list_display = ["bank_name", "bank_account", "public_base_url"]

    def has_add_permission(self, request):
        return not IssuingSettings.objects.exists()

    def save_model(self, request, obj, form, change):
        services.issuing_settings_save(actor=request.user, data=form.cleaned_data)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "version", "status", "case", "issued_at"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "code", "case__number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
