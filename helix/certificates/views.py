from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from . import domain
from .issuer import issuer_of
from .models import Certificate


@require_GET
def verify_form(request):
    """Anyone can type a code; a typed code goes to its canonical verification page."""
    code = request.GET.get("code", "").strip()
    if code:
        result = domain.verify_code(code)
        if result.status in {"valid", "revoked", "unknown"}:
            return redirect("certificates:verify", code=result.code)
        return render(request, "certificates/verify.html", {"result": result, "typed": code}, status=200)
    return render(request, "certificates/verify.html", {"result": None, "typed": ""})


@require_GET
def verify(request, code: str):
    """Public verification page. Unknown or tampered codes get a friendly 'not valid' page, not a 404."""
    result = domain.verify_code(code)
    certificate = getattr(result, "certificate", None)
    issuer = issuer_of(certificate) if certificate is not None else None  # issuing institution (issue 12 §7)
    return render(request, "certificates/verify.html", {"result": result, "typed": code, "issuer": issuer})


@login_required
def download(request, code: str):
    certificate = get_object_or_404(Certificate.objects.select_related("person"), code=code)
    pdf = domain.certificate_pdf(certificate=certificate, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificado-{certificate.code}.pdf"'
    return response


@login_required
def mine(request):
    certificates = (
        Certificate.objects.filter(person__user=request.user).select_related("person").order_by("-issued_at", "-pk")
    )
    return render(request, "certificates/mine.html", {"certificates": certificates})
