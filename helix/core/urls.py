from django.urls import path

from . import mailbox_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # The local mailbox for staff (issue 12 §5).
    path("staff/mailbox/", mailbox_views.mailbox, name="mailbox"),
    path("staff/mailbox/<int:pk>/", mailbox_views.mailbox_message, name="mailbox_message"),
    path(
        "staff/mailbox/<int:pk>/attachments/<int:index>/", mailbox_views.mailbox_attachment, name="mailbox_attachment"
    ),
]
