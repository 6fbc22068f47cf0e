"""Pages of vendors' self-governance groups: list, detail with members and leader, edit."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.accounts.roles import has_capability
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required

from . import vendor_groups
from .forms import StyledForm
from .models import VendorGroup


class VendorGroupForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    area = forms.CharField(
        label=gettext_lazy("Area or street section"),
        max_length=200,
        help_text=gettext_lazy("For example: 新华路（钟吾路至人民路段）."),
    )
    leader = forms.ModelChoiceField(label=gettext_lazy("Leader"), queryset=None)
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Vendors with a stall at a vending point; the leader is always a member."),
    )

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        parties = vendor_groups.candidates()
        self.fields["leader"].queryset = parties
        self.fields["members"].queryset = parties


def _error(form, exc) -> None:
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


@capability_required("service.view")
def group_list(request):
    return render(
        request,
        "service/vendor_groups.html",
        {
            "groups": vendor_groups.groups(),
            "can_edit": has_capability(request.user, "service.vendor_groups"),
        },
    )


@capability_required("service.view")
def group_detail(request, pk):
    group = get_object_or_404(vendor_groups.groups(), pk=pk)
    return render(
        request,
        "service/vendor_group_detail.html",
        {
            "group": group,
            "members": group.members.order_by("name", "pk"),
            "can_edit": has_capability(request.user, "service.vendor_groups"),
        },
    )


@capability_required("service.vendor_groups")
def group_edit(request, pk=None):
    group = get_object_or_404(VendorGroup, pk=pk) if pk else None
    initial = (
        {
            "name": group.name,
            "area": group.area,
            "leader": group.leader_id,
            "members": list(group.members.all()),
        }
        if group
        else {}
    )
    form = VendorGroupForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group = vendor_groups.vendor_group_save(actor=request.user, group=group, **form.cleaned_data)
        except (RuleViolation, PermissionDeniedError) as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("service:vendor_group_detail", pk=group.pk)
    return render(request, "service/vendor_group_form.html", {"form": form, "group": group})
