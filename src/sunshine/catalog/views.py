"""Staff pages of the power list (``/work/catalog/``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.core.errors import RuleViolation
from sunshine.core.permissions import capability_required

from . import rules, selectors, services
from .models import Category, PartyKind, PenaltyKind, RegionalSettings, Severity

PAGE_SIZE = 30


@capability_required("catalog.view")
def matter_list(request):
    search = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    page = Paginator(selectors.matter_list(user=request.user, search=search, category=category), PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/matter_list.html",
        {
            "page_obj": page_obj,
            "q": search,
            "category": category,
            "categories": Category.choices,
            "total": page.count,
        },
    )


class CheckForm(forms.Form):
    """A proposed penalty, measured against the benchmark of the version shown (read-only)."""

    severity = forms.ChoiceField(label=gettext_lazy("Severity"), choices=Severity.choices)
    party_kind = forms.ChoiceField(label=gettext_lazy("Party"), choices=PartyKind.choices)
    penalty_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Penalties"),
        choices=PenaltyKind.choices,
        initial=[PenaltyKind.FINE],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Fine (yuan)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    base_amount = forms.DecimalField(
        label=gettext_lazy("Base amount for a rate (yuan)"),
        min_value=0,
        max_digits=16,
        decimal_places=2,
        required=False,
    )


def _check(version, form) -> dict:
    data = form.cleaned_data
    try:
        tier = rules.check_penalty_within_benchmark(
            version=version,
            severity=data["severity"],
            party_kind=data["party_kind"],
            amount=data["amount"],
            penalty_kinds=data["penalty_kinds"],
            base_amount=data["base_amount"],
        )
    except RuleViolation as exc:
        return {"ok": False, "error": exc}
    return {
        "ok": True,
        "tier": tier,
        "hearing": rules.hearing_grounds(
            penalty_kinds=data["penalty_kinds"], amount=data["amount"], party_kind=data["party_kind"]
        ),
        "review": rules.requires_legal_review(
            version=version,
            penalty_kinds=data["penalty_kinds"],
            amount=data["amount"],
            party_kind=data["party_kind"],
        ),
    }


@capability_required("catalog.view")
def matter_detail(request, code):
    matter = selectors.matter_get(user=request.user, code=code)
    versions = list(selectors.matter_versions(matter))
    wanted = request.GET.get("version")
    current = None
    if wanted:
        current = next((v for v in versions if str(v.number) == wanted), None)
        if current is None:
            raise Http404
    else:
        try:
            current = selectors.version_in_force(matter)
        except RuleViolation:
            current = versions[0] if versions else None
    in_force = bool(current and current.in_force_on(selectors.today()))
    check_form = CheckForm(request.GET if "severity" in request.GET else None)
    check = _check(current, check_form) if current and check_form.is_valid() else None
    return render(
        request,
        "catalog/matter_detail.html",
        {
            "matter": matter,
            "version": current,
            "in_force": in_force,
            "tiers": selectors.tiers_sorted(current) if current else [],
            "versions": versions,
            "review_rules": selectors.review_rules(matter=matter),
            "waiver_citation": rules.ART_33,
            "benchmark_citation": rules.ART_34,
            "check_form": check_form,
            "check": check,
        },
    )


@capability_required("catalog.view")
def review_catalog(request):
    return render(
        request,
        "catalog/review_catalog.html",
        {
            "statutory": [
                {"title": title, "citation": citation}
                for _code, title, citation in rules.STATUTORY_REVIEW_GROUNDS
            ],
            "rules": selectors.review_rules(),
            "citation": rules.ART_58,
        },
    )


@capability_required("catalog.view")
def settings_view(request):
    return render(
        request,
        "catalog/settings.html",
        {"settings": RegionalSettings.current(), "hearing_citation": rules.ART_63},
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = RegionalSettings
        fields = list(services.SETTINGS_FIELDS)


@capability_required("config.manage")
def settings_edit(request):
    current = RegionalSettings.current()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.settings_update(
            actor=request.user, data={name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
        )
        messages.success(request, _("The regional settings were saved."))
        return redirect("catalog:settings_edit")
    return render(
        request,
        "catalog/settings_edit.html",
        {"form": form, "settings": current, "hearing_citation": rules.ART_63},
    )
