"""Forms of the staff pages: a sampling draw, a case added by hand, a rubric version, the scoring form."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.org.models import Unit

from .models import Group


class DrawForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.filter(kind__in=[Unit.Kind.SQUAD, Unit.Kind.BRIGADE])
    )
    period_start = forms.DateField(label=_("Closed from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Closed until"), widget=forms.DateInput(attrs={"type": "date"}))
    percentage = forms.DecimalField(
        label=_("Share drawn (%)"), min_value=Decimal("0.01"), max_value=Decimal("100"), decimal_places=2
    )
    seed = forms.CharField(
        label=_("Seed"),
        max_length=64,
        required=False,
        help_text=_("Leave empty for a random seed; it is recorded either way so the draw can be repeated."),
    )


class ManualForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=40)


GROUP_CODES = {value for value, _label in Group.choices}


class RubricForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    excellent_min = forms.DecimalField(label=_("Excellent from (points)"), min_value=0, max_value=100)
    pass_min = forms.DecimalField(label=_("Pass from (points)"), min_value=0, max_value=100)
    items = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 26, "class": "font-monospace"}),
        help_text=_(
            "One item a line: part | code | maximum points | item | deduction guidance. "
            "Parts: subject, facts, evidence, procedure, law, discretion, documents. The items total 100."
        ),
    )
    note = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_items(self) -> list[dict]:
        items = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 4:
                raise forms.ValidationError(
                    _("Line %(n)d: write part | code | points | item | guidance.") % {"n": number}
                )
            group, code, points, title = parts[:4]
            try:
                value = Decimal(points)
            except ArithmeticError as exc:
                raise forms.ValidationError(
                    _("Line %(n)d: the points are not a number.") % {"n": number}
                ) from exc
            items.append(
                {
                    "group": group,
                    "code": code,
                    "max_points": value,
                    "title": title,
                    "guidance": " | ".join(parts[4:]),
                }
            )
        return items


def rubric_initial(rubric) -> dict:
    lines = [f"{i.group} | {i.code} | {i.max_points} | {i.title} | {i.guidance}" for i in rubric.items.all()]
    return {
        "name": rubric.name,
        "excellent_min": rubric.excellent_min,
        "pass_min": rubric.pass_min,
        "items": "\n".join(lines),
    }


def deductions_from_post(data, items) -> tuple[list[dict], dict]:
    """The deductions of the scoring form (``points_<code>`` and ``reason_<code>``; empty points mean none),
    and what was posted, to show the form again after an error."""
    deductions, posted = [], {}
    for item in items:
        points = (data.get(f"points_{item.code}") or "").strip()
        reason = (data.get(f"reason_{item.code}") or "").strip()
        posted[item.code] = {"points": points, "reason": reason}
        if points or reason:
            deductions.append({"item": item.code, "points": points or "0", "reason": reason})
    return deductions, posted
