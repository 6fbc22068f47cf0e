from django.shortcuts import render

from sunshine.core.permissions import capability_required

from .models import Grid, Staff, Unit


@capability_required("org.view")
def unit_list(request):
    return render(request, "org/unit_list.html", {"units": Unit.objects.all()})


@capability_required("org.view")
def staff_list(request):
    return render(request, "org/unit_list.html", {"units": Staff.objects.all()})


@capability_required("org.view")
def equipment_list(request):
    return render(request, "org/unit_list.html", {"units": []})


@capability_required("org.view")
def grid_list(request):
    return render(request, "org/unit_list.html", {"units": Grid.objects.all()})
