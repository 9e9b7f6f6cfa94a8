from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from helix.api import api

urlpatterns = [
    path("", include("helix.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("helix.accounts.urls")),
    path("territory/", include("helix.territory.urls")),
    path("directory/transfer/", include("helix.network.transfer.urls")),
    path("directory/", include("helix.network.urls")),
    path("events/", include("helix.events.urls")),
    path("matching/", include("helix.matching.urls")),
    path("wheels/", include("helix.wheel.urls")),
    path("academy/", include("helix.academy.urls")),
    path("certificates/", include("helix.certificates.urls")),
    path("newsletters/", include("helix.outreach.urls")),
    path("surveys/", include("helix.surveys.urls")),
    path("impact/", include("helix.impact.urls")),
    path("mi-helix/", include("helix.home.urls")),  # Mi Helix (issue 12 §2)
    path("notifications/", include("helix.notifications.urls")),  # notifications (issue 12 §2)
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
