"""Directory pages. Thin: read through `queries`, write through `domain`, check `permissions`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helix.core.pagination import paginate
from helix.core.staff import is_staff
from helix.territory.models import Region

from . import domain, queries
from .forms import DirectoryFilterForm, OrganisationForm, PersonForm
from .models import Agreement, Organisation, Topic
from .permissions import can_confirm_agreement, can_edit_organisation, confirming_parties

PAGE_SIZE = 20


def directory(request):
    """Search organisations or public experts; an htmx request gets only the results partial."""
    form = DirectoryFilterForm(request.GET or None, regions=Region.objects.all(), topics=Topic.objects.all())
    filters = form.filters() if request.GET else DirectoryFilterForm.filters_default()
    tab = filters.pop("tab")
    if tab == "people":
        results = queries.people_list(
            # Staff also find people without a public profile, such as imported ones (issue 12 §9).
            queries.search_people(
                q=filters["q"], region=filters["region"], topic=filters["topic"], public_only=not is_staff(request.user)
            )
        )
    else:
        results = queries.organisation_list(queries.search_organisations(**filters))
    page = paginate(request, results, PAGE_SIZE, capped=True)
    context = {"form": form, "page": page, "tab": tab, "filters": filters}
    # A history restore (back button after the cache expired) needs the whole page, not the partial.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "network/_results.html" if partial else "network/directory.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])  # one URL, two representations: keep caches apart
    return response


def organisation_detail(request, slug: str):
    organisation = queries.organisation_page(slug).first()
    if organisation is None:
        raise Http404(_("No organisation found."))
    context = {
        "organisation": organisation,
        "can_edit": can_edit_organisation(request.user, organisation),
        **queries.organisation_activity(organisation, request.user),
    }
    return render(request, "network/organisation.html", context)


@login_required
def organisation_edit(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.select_related("commune", "region"), slug=slug)
    domain.check_can_edit_organisation(actor=request.user, organisation=organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in OrganisationForm.Meta.fields}
        try:
            organisation = domain.update_organisation(organisation=organisation, actor=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, list(error.messages))
        else:
            messages.success(request, _("The organisation was updated."))
            return redirect(organisation)
    return render(request, "network/organisation_edit.html", {"organisation": organisation, "form": form})


def person_detail(request, pk: int):
    person = queries.person_page(pk, public_only=not is_staff(request.user)).first()
    if person is None:
        raise Http404(_("No public profile found."))
    return render(request, "network/person.html", {"person": person})


@login_required
def my_profile_edit(request):
    """Edit the directory profile linked to one's account (created on first save if missing)."""
    person = getattr(request.user, "person", None)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PersonForm.Meta.fields}
        try:
            if person is None:
                person = domain.create_person(user=request.user, email=request.user.email, **fields)
            else:
                person = domain.update_person(person=person, actor=request.user, **fields)
        except ValidationError as error:
            # e.g. a directory record already holds this e-mail: staff link it, we never merge silently.
            form.add_error(None, list(error.messages))
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect(person if person.public_profile else "network:my_profile")
    return render(request, "network/person_edit.html", {"person": person, "form": form})


def agreement_list(request):
    status = request.GET.get("status") or None
    if status not in Agreement.Status.values:
        status = None
    international = request.GET.get("international") == "1"
    agreements = queries.agreement_list(status=status, international=international)
    page = paginate(request, agreements, PAGE_SIZE)
    context = {
        "page": page,
        "status": status,
        "international": international,
        "statuses": Agreement.Status.choices,
    }
    return render(request, "network/agreements.html", context)


def agreement_detail(request, pk: int):
    agreement = queries.agreement_page(pk).first()
    if agreement is None:
        raise Http404(_("No agreement found."))
    confirmed = {c.organisation_id for c in agreement.confirmations.all()}
    pending = agreement.status == Agreement.Status.PENDING
    context = {
        "agreement": agreement,
        "parties": [(p, p.pk in confirmed) for p in agreement.parties.all()],
        "staff_confirmed": None in confirmed,
        "can_confirm": pending
        and can_confirm_agreement(request.user, agreement)
        and (request.user.is_staff or bool(confirming_parties(request.user, agreement) - confirmed)),
    }
    return render(request, "network/agreement.html", context)


@login_required
@require_POST
def agreement_confirm(request, pk: int):
    agreement = get_object_or_404(Agreement, pk=pk)
    try:
        agreement = domain.confirm_agreement(actor=request.user, agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if agreement.status == Agreement.Status.ACTIVE:
            messages.success(request, _("The agreement is confirmed and active."))
        else:
            messages.success(request, _("Your confirmation was recorded; the other party has yet to confirm."))
    return redirect(agreement)
