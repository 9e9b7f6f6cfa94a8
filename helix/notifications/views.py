from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helix.core.pagination import paginate

from . import domain
from .forms import OPTIONAL_EMAIL_KINDS, PreferencesForm
from .models import Notification, Preference


@login_required
def notification_list(request):
    page = paginate(request, Notification.objects.filter(user=request.user), 30)
    return render(request, "notifications/list.html", {"page": page, "unread": domain.unread_count(request.user)})


def bell(request):
    """The header's bell: the unread count (loaded by htmx after the page)."""
    count = domain.unread_count(request.user) if request.user.is_authenticated else 0
    return render(request, "notifications/_bell.html", {"unread": count})


@login_required
def open_notification(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    domain.mark_read(user=request.user, notification_id=notification.pk)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:list"
    return redirect(target)


@login_required
@require_POST
def read_all(request):
    domain.mark_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            domain.set_email_preferences(
                user=request.user, email_kinds=form.cleaned_data["email_kinds"], kinds=OPTIONAL_EMAIL_KINDS
            )
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    else:
        off = set(Preference.objects.filter(user=request.user, email=False).values_list("kind", flat=True))
        form = PreferencesForm(initial={"email_kinds": [k.value for k in OPTIONAL_EMAIL_KINDS if k.value not in off]})
    return render(request, "notifications/preferences.html", {"form": form})
