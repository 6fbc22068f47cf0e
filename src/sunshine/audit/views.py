from django.shortcuts import render

from sunshine.core.permissions import capability_required

from .models import Event


@capability_required("audit.view")
def event_list(request):
    return render(request, "audit/event_list.html", {"events": Event.objects.all()[:100]})
