"""Surveys pages: the staff builder and campaigns, the respondent's personal link, reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helix.core.errors import HelixError
from helix.core.staff import staff_required
from helix.core.tabular import export_filename, export_response
from helix.network.models.organisations import Sector
from helix.territory.models import Region

from . import charts, pdf, queries
from .domain import campaigns, questionnaires, recommendations, reports
from .domain.answers import visible_questions
from .domain.exports import response_rows
from .forms import CampaignForm, QuestionForm, QuestionnaireForm, SectionForm, raw_answers, shown_values
from .models import Campaign, Question, Questionnaire, Response, Section
from .permissions import can_act_on_response, can_manage_surveys

# --- staff: questionnaires ---------------------------------------------------------------------


@staff_required
@require_GET
def index(request):
    return render(
        request,
        "surveys/index.html",
        {
            "questionnaires": Questionnaire.objects.order_by("family", "-version"),
            "campaigns": Campaign.objects.select_related("questionnaire"),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def questionnaire_create(request):
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            q = questionnaires.create_questionnaire(actor=request.user, **form.cleaned_data)
        except HelixError as error:
            error.show_on(form)
        else:
            return redirect(q)
    return render(request, "surveys/form.html", {"form": form, "title": _("New questionnaire")})


@staff_required
@require_GET
def questionnaire_detail(request, pk: int):
    q = get_object_or_404(Questionnaire, pk=pk)
    sections = q.sections.prefetch_related("questions__options", "questions__dimension")
    return render(
        request,
        "surveys/questionnaire.html",
        {"questionnaire": q, "sections": sections, "section_form": SectionForm(), "kinds": Question.Kind.choices},
    )


@staff_required
@require_POST
def section_add(request, pk: int):
    q = get_object_or_404(Questionnaire, pk=pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            questionnaires.add_section(actor=request.user, questionnaire=q, **form.cleaned_data)
        except HelixError as error:
            messages.error(request, error.text)
    else:
        messages.error(request, _("A title is required."))
    return redirect(q)


@staff_required
@require_http_methods(["GET", "POST"])
def question_edit(request, section_id: int, pk: int | None = None):
    section = get_object_or_404(Section.objects.select_related("questionnaire"), pk=section_id)
    question = get_object_or_404(Question, pk=pk, section=section) if pk else None
    initial = {"kind": request.GET.get("kind", Question.Kind.SINGLE), "required": True}
    if question:
        initial = {
            f: getattr(question, f)
            for f in (
                "text",
                "code",
                "kind",
                "required",
                "help_text",
                "max_choices",
                "min_value",
                "max_value",
                "unit",
                "area",
                "dimension",
                "show_if_question",
            )
        }
        initial["show_if_values"] = ", ".join(question.show_if_values)
        initial["options"] = "\n".join(
            o.descriptor
            if question.kind == Question.Kind.MATURITY
            else " | ".join(str(x) for x in (o.code, o.label, o.score) if x is not None)
            for o in question.options.all()
        )
    form = QuestionForm(request.POST or None, initial=initial, questionnaire=section.questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            options = questionnaires.parse_options(form.cleaned_data["options"])
            questionnaires.save_question(
                actor=request.user, section=section, question=question, options=options, **form.values()
            )
        except HelixError as error:
            error.show_on(form)
        else:
            messages.success(request, _("Question saved."))
            return redirect(section.questionnaire)
    title = _("Edit question") if question else _("New question")
    return render(request, "surveys/form.html", {"form": form, "title": title, "back": section.questionnaire})


@staff_required
@require_POST
def question_delete(request, section_id: int, pk: int):
    question = get_object_or_404(
        Question.objects.select_related("section__questionnaire"), pk=pk, section_id=section_id
    )
    try:
        questionnaires.delete_question(actor=request.user, question=question)
        messages.success(request, _("Question deleted."))
    except HelixError as error:
        messages.error(request, error.text)
    return redirect(question.section.questionnaire)


@staff_required
@require_POST
def questionnaire_publish(request, pk: int):
    q = get_object_or_404(Questionnaire, pk=pk)
    try:
        questionnaires.publish(actor=request.user, questionnaire=q)
        messages.success(request, _("Published: this version is now frozen."))
    except HelixError as error:
        messages.error(request, error.text)
    return redirect(q)


@staff_required
@require_POST
def questionnaire_new_version(request, pk: int):
    q = get_object_or_404(Questionnaire, pk=pk)
    copy = questionnaires.new_version(actor=request.user, questionnaire=q)
    messages.success(request, _("Version %(n)s created as a draft.") % {"n": copy.version})
    return redirect(copy)


# --- staff: campaigns ----------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    form = CampaignForm(request.POST or None, initial={"questionnaire": request.GET.get("questionnaire")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisations = campaigns.recipients(
            regions=[r.code for r in data["regions"]], kinds=data["kinds"], sectors=data["sectors"]
        )[: campaigns.MAX_RECIPIENTS + 1]
        try:
            campaign = campaigns.create_campaign(
                actor=request.user,
                questionnaire=data["questionnaire"],
                title=data["title"],
                deadline=data["deadline"],
                organisations=organisations,
            )
        except HelixError as error:
            error.show_on(form)
        else:
            messages.success(request, _("Campaign created: each organisation has its personal link."))
            return redirect(campaign)
    return render(request, "surveys/form.html", {"form": form, "title": _("New campaign")})


@staff_required
@require_GET
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk)
    responses = campaign.responses.select_related("organisation__region").order_by("organisation__name")
    return render(
        request,
        "surveys/campaign.html",
        {"campaign": campaign, "responses": responses, "rate": campaigns.response_rate(campaign)},
    )


@staff_required
@require_POST
def campaign_remind(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        campaigns.request_reminders(actor=request.user, campaign=campaign)
        messages.success(request, _("Reminders are being sent to everyone who has not finished."))
    except HelixError as error:
        messages.error(request, error.text)
    return redirect(campaign)


@staff_required
@require_POST
def campaign_close(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    campaigns.close_campaign(actor=request.user, campaign=campaign)
    messages.success(request, _("The campaign is closed."))
    return redirect(campaign)


# --- respondents (no account: the personal link is the key) -------------------------------------


def _items(questions, shown: dict, errors: dict, values: dict):
    visible = {q.pk for q in visible_questions(questions, values)}
    return [
        {
            "q": q,
            "value": shown.get(q.pk),
            "error": errors.get(q.pk),
            "hidden": q.pk not in visible,
            "ranks": range(1, (q.max_choices or 3) + 1),
        }
        for q in questions
    ]


@require_http_methods(["GET", "POST"])
def respond(request, token: str):
    try:
        response = campaigns.response_for_token(token)
    except HelixError as error:
        return render(request, "surveys/message.html", {"message": error.text}, status=404)
    questions = campaigns.questions_of(response.campaign.questionnaire)
    stored = campaigns.stored_values(response)
    context = {"response": response, "campaign": response.campaign, "locked": None, "saved": False}
    if request.method == "POST":
        raw = raw_answers(questions, request.POST)
        submit = "submit" in request.POST
        try:
            campaigns.save_answers(
                token=token,
                raw=raw,
                submit=submit,
                contact_name=request.POST.get("contact_name", ""),
                contact_email=request.POST.get("contact_email", ""),
            )
        except HelixError as error:
            # Nothing typed is lost: the page shows exactly what was posted, with the messages.
            response.contact_name = request.POST.get("contact_name", "")[:150]
            response.contact_email = request.POST.get("contact_email", "")[:254]
            context.update(
                error=error.text, locked=error.code if error.code in ("submitted", "closed", "expired") else None
            )
            # Conditional questions follow what was typed (raw codes are what conditions compare).
            items = _items(questions, raw, {pk: str(m) for pk, m in error.field_errors.items()}, raw)
            return render(request, "surveys/respond.html", {**context, "items": items}, status=400)
        if submit:
            messages.success(request, _("Thank you! Your answers were submitted."))
        else:
            messages.success(request, _("Saved. You can come back with the same link and continue."))
        return redirect(response.get_absolute_url())
    try:
        campaigns.check_answerable(response)
    except HelixError as error:
        context.update(error=error.text, locked=error.code)
    items = _items(questions, shown_values(questions, stored), {}, stored)
    return render(request, "surveys/respond.html", {**context, "items": items})


@login_required
@require_GET
def mine(request):
    """The diagnostics of the organisations the user represents: links to answer and to the reports."""
    responses = queries.responses_of_my_organisations(request.user)
    return render(request, "surveys/mine.html", {"responses": responses})


# --- reports ---------------------------------------------------------------------------------------


def _report_response(request, pk: int) -> Response:
    return get_object_or_404(
        Response.objects.select_related("campaign__questionnaire", "organisation__region", "organisation__commune"),
        pk=pk,
    )


@require_GET
def response_report(request, pk: int):
    response = _report_response(request, pk)
    if not request.user.is_authenticated:
        raise Http404
    try:
        report = reports.municipality_report(actor=request.user, response=response)
    except HelixError as error:
        return render(request, "surveys/message.html", {"message": error.text}, status=400)
    context = {
        "report": report,
        "chart": charts.radar(report),
        "recommendations": recommendations.recommendations(actor=request.user, response=response),
        "can_act": can_act_on_response(request.user, response),
    }
    return render(request, "surveys/response_report.html", context)


@require_GET
def response_report_pdf(request, pk: int):
    response = _report_response(request, pk)
    try:
        report = reports.municipality_report(actor=request.user, response=response)
    except HelixError as error:
        return render(request, "surveys/message.html", {"message": error.text}, status=400)
    result = HttpResponse(pdf.report_pdf(report), content_type="application/pdf")
    result["Content-Disposition"] = f'attachment; filename="diagnostico-{response.pk}.pdf"'
    return result


@require_POST
def response_challenge(request, pk: int, dimension: str):
    response = _report_response(request, pk)
    try:
        challenge = recommendations.challenge_from_recommendation(
            actor=request.user, response=response, dimension=dimension
        )
    except HelixError as error:
        messages.error(request, error.text)
        return redirect("surveys:response_report", pk=pk)
    messages.success(request, _("Challenge created as a draft, pre-filled from the diagnostic. Review and open it."))
    return redirect(reverse("matching:challenge_edit", args=[challenge.pk]))


def _filters(request) -> dict:
    region = request.GET.get("region", "")
    size = request.GET.get("size", "")
    sector = request.GET.get("sector", "")
    return {
        "region": int(region) if region.isdigit() else None,
        "size": size if size in reports.SIZES else None,
        "sector": sector if sector in Sector.values else None,
    }


@require_GET
def campaign_report(request, pk: int):
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk)
    filters = _filters(request)
    context = {
        "campaign": campaign,
        "filters": filters,
        "regions": Region.objects.all(),
        "sizes": [(k, v[0]) for k, v in reports.SIZES.items()],
        "sectors": Sector.choices,
        "staff": can_manage_surveys(request.user),
    }
    try:
        report = reports.campaign_report(actor=request.user, campaign=campaign, **filters)
    except HelixError as error:
        return render(request, "surveys/campaign_report.html", {**context, "error": error.text})
    for index, item in enumerate(report["questions"]):
        if item["question"].kind == Question.Kind.RANKING and item["rows"]:
            item["chart"] = charts.ranking_bars(item, index)
    return render(request, "surveys/campaign_report.html", {**context, "report": report})


@staff_required
@require_GET
def campaign_export(request, pk: int, fmt: str):
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = response_rows(actor=request.user, campaign=campaign, **_filters(request))
    header = next(rows)
    return export_response(
        header=header,
        rows=rows,
        file_format=fmt,
        filename=export_filename("campaign", campaign.pk, file_format=fmt),
        title=str(campaign)[:31],
        actor=request.user,
        target=campaign,
    )
