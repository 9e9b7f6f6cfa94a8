"""The owner's pages for API tokens: list, create (the token is shown once) and revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from helix.core.errors import HelixError

from . import domain
from .forms import TokenForm
from .models import ApiToken


@never_cache
@login_required
def tokens(request):
    """The caller's tokens and the form for a new one; after creating, the token text appears once."""
    created = raw = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created, raw = domain.create_token(actor=request.user, **form.cleaned_data)
        except HelixError as exc:
            form.add_error(None, exc)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user),
        "created": created,
        "raw": raw,
        "now": timezone.now(),
    }
    return render(request, "apitokens/tokens.html", context)


@require_POST
@login_required
def revoke(request, pk: int):
    # Someone else's token is "not found", not "forbidden": ids reveal nothing.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    domain.revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("apitokens:tokens")
