from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helix.core.errors import HelixError
from helix.core.pagination import paginate
from helix.core.staff import staff_required

from . import domain, tokens
from .domain import sending
from .domain.segments import recipients_for
from .forms import IssueForm, PreferencesForm, SubscribeForm
from .models import Issue, Subscriber
from .rendering import render_markdown


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


# --- public --------------------------------------------------------------------------------------


@require_GET
def archive(request):
    issues = Issue.objects.filter(status=Issue.Status.SENT).only("subject", "slug", "sent_at").order_by("-sent_at")
    page = paginate(request, issues, 20)
    return render(request, "outreach/archive.html", {"page": page})


@require_GET
def archive_issue(request, slug: str):
    issue = get_object_or_404(Issue, slug=slug, status=Issue.Status.SENT)
    return render(request, "outreach/archive_issue.html", {"issue": issue})


def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        domain.request_subscription(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            topics=form.cleaned_data["topics"],
            regions=form.cleaned_data["regions"],
            ip=_ip(request),
        )
        return render(request, "outreach/subscribe_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "outreach/subscribe.html", {"form": form})


def confirm(request, token: str):
    """GET shows a button (link scanners must not confirm on someone's behalf); POST confirms."""
    if request.method == "POST":
        subscriber = domain.confirm_subscription(token=token, ip=_ip(request))
        return render(request, "outreach/confirm.html", {"subscriber": subscriber, "done": True, "token": token})
    valid = tokens.read_confirm_token(token) is not None
    return render(request, "outreach/confirm.html", {"valid": valid, "done": False, "token": token})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" with no session.
def unsubscribe(request, token: str):
    subscriber = domain.subscriber_from_manage_token(token)
    if subscriber is None:
        return render(request, "outreach/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        domain.unsubscribe(subscriber=subscriber)
        return render(request, "outreach/unsubscribe.html", {"subscriber": subscriber, "done": True})
    return render(request, "outreach/unsubscribe.html", {"subscriber": subscriber, "token": token})


def preferences(request, token: str):
    subscriber = domain.subscriber_from_manage_token(token)
    if subscriber is None:
        return render(request, "outreach/unsubscribe.html", {"invalid": True}, status=400)
    initial = {"topics": subscriber.topics.all(), "regions": subscriber.regions.all()}
    form = PreferencesForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        domain.update_preferences(
            subscriber=subscriber, topics=form.cleaned_data["topics"], regions=form.cleaned_data["regions"]
        )
        saved = True
    return render(
        request, "outreach/preferences.html", {"form": form, "subscriber": subscriber, "saved": saved, "token": token}
    )


# --- staff ---------------------------------------------------------------------------------------


@staff_required
def manage(request):
    issues = Issue.objects.select_related("segment").order_by("-created_at")
    page = paginate(request, issues, 25)
    counts = Subscriber.objects.aggregate(
        confirmed=Count("pk", filter=Q(status=Subscriber.Status.CONFIRMED)),
        pending=Count("pk", filter=Q(status=Subscriber.Status.PENDING)),
        unsubscribed=Count("pk", filter=Q(status=Subscriber.Status.UNSUBSCRIBED)),
    )
    return render(request, "outreach/manage.html", {"page": page, "counts": counts})


@staff_required
def issue_edit(request, pk: int | None = None):
    issue = get_object_or_404(Issue, pk=pk) if pk else None
    if issue and issue.status != Issue.Status.DRAFT:
        return redirect("outreach:issue_detail", pk=issue.pk)
    form = IssueForm(request.POST or None, instance=issue)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if issue:
            sending.update_issue(
                issue=issue,
                subject=data["subject"],
                body_markdown=data["body_markdown"],
                segment=data["segment"],
                actor=request.user,
            )
        else:
            issue = sending.create_issue(
                subject=data["subject"],
                body_markdown=data["body_markdown"],
                segment=data["segment"],
                actor=request.user,
            )
        return redirect("outreach:issue_detail", pk=issue.pk)
    return render(request, "outreach/issue_form.html", {"form": form, "issue": issue})


@staff_required
@require_POST
def preview(request):
    """htmx: the Markdown being typed, rendered and sanitised exactly as it will be sent."""
    return HttpResponse(render_markdown(request.POST.get("body_markdown", "")))


@staff_required
def issue_detail(request, pk: int):
    issue = get_object_or_404(Issue.objects.select_related("segment"), pk=pk)
    audience = recipients_for(issue.segment).count() if issue.status == Issue.Status.DRAFT else None
    return render(request, "outreach/issue_detail.html", {"issue": issue, "audience": audience})


@staff_required
@require_GET
def issue_progress(request, pk: int):
    issue = get_object_or_404(Issue, pk=pk)
    return render(request, "outreach/_progress.html", {"issue": issue})


@staff_required
@require_POST
def issue_send_test(request, pk: int):
    issue = get_object_or_404(Issue, pk=pk)
    sending.send_test(issue=issue, to=request.user.email, actor=request.user)
    messages.success(request, _("A test copy was sent to %(email)s.") % {"email": request.user.email})
    if request.POST.get("then") == "confirm":  # the test step of the send confirmation (issue 12 §3)
        return redirect("outreach:issue_send", pk=issue.pk)
    return redirect("outreach:issue_detail", pk=issue.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def issue_send(request, pk: int):
    """“Enviar ahora” asks first (issue 12 §3): who will receive it (count and segment), a test to
    yourself, then the confirmed send, which carries the count the editor saw."""
    issue = get_object_or_404(Issue.objects.select_related("segment"), pk=pk)
    if request.method == "POST":
        raw = request.POST.get("recipients", "")
        try:
            if not raw.isdigit():
                raise HelixError(_("Confirm the number of recipients first."), code="unconfirmed")
            sending.queue_issue(issue=issue, actor=request.user, expected_recipients=int(raw))
        except HelixError as exc:
            messages.error(request, exc.text)
            if exc.code == "not_draft":
                return redirect("outreach:issue_detail", pk=issue.pk)
        else:
            messages.success(request, _("Sending started. Progress is shown below."))
            return redirect("outreach:issue_detail", pk=issue.pk)
    if issue.status != Issue.Status.DRAFT:
        return redirect("outreach:issue_detail", pk=issue.pk)
    audience = recipients_for(issue.segment).count()
    return render(request, "outreach/issue_send.html", {"issue": issue, "audience": audience})
