from django.shortcuts import get_object_or_404, render

from .models import Event


def event_detail(request, slug: str):
    event = get_object_or_404(Event.objects.exclude(status=Event.Status.DRAFT), slug=slug)
    return render(request, "events/detail.html", {"event": event})
