"""/favicon.ico: browsers ask for it whatever the page links, so it answers with Helix's own icon."""

from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    # Resolved per request, not at import: with the manifest storage the hashed name comes from collectstatic.
    return HttpResponseRedirect(static("favicon.svg"))
