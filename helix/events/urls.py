from django.urls import path

from .views import editing, public, staff

app_name = "events"
urlpatterns = [
    path("", public.event_list, name="list"),
    path("calendar/", public.event_calendar, name="calendar"),
    path("feed.ics", public.feed_ics, name="feed"),
    path("me/", public.my_registrations, name="mine"),
    path("me/<int:pk>/cancel/", public.cancel_mine, name="cancel_mine"),
    path("commitments/", staff.commitments, name="commitments"),
    path("commitments/<int:pk>/done/", staff.commitment_done, name="commitment_done"),
    path("confirm/<str:token>/", public.confirm_registration, name="confirm_registration"),  # probe (issue 11)
    path("r/<str:token>/", public.manage, name="manage"),
    path("r/<str:token>/ticket/", public.manage, name="ticket"),
    path("r/<str:token>/cancel/", public.cancel, name="cancel"),
    path("offer/<str:token>/", public.accept_offer, name="accept_offer"),
    path("session-offer/<str:token>/", public.accept_session_offer, name="accept_session_offer"),
    # Events front-end (issue 12 §3): create and edit events, sessions, speakers, partners.
    path("new/", editing.event_create, name="create"),
    path("<slug:slug>/edit/", editing.event_edit, name="edit"),
    path("<slug:slug>/sessions/new/", editing.session_edit, name="session_add"),
    path("<slug:slug>/sessions/<int:pk>/", editing.session_edit, name="session_edit"),
    path("<slug:slug>/sessions/<int:pk>/delete/", editing.session_delete, name="session_delete"),
    path("<slug:slug>/speakers/add/", editing.speaker_add, name="speaker_add"),
    path("<slug:slug>/speakers/<int:pk>/remove/", editing.speaker_remove, name="speaker_remove"),
    path("<slug:slug>/partners/add/", editing.partner_add, name="partner_add"),
    path("<slug:slug>/partners/<int:pk>/remove/", editing.partner_remove, name="partner_remove"),
    path("<slug:slug>/", public.event_detail, name="detail"),
    path("<slug:slug>/event.ics", public.event_ics, name="ics"),
    path("<slug:slug>/checkin/", staff.checkin, name="checkin"),
    path("<slug:slug>/staff/", staff.staff_dashboard, name="staff"),
    path("<slug:slug>/staff/capacity/", staff.set_capacity, name="set_capacity"),
    path("<slug:slug>/certificates/", staff.issue_certificates, name="certificates"),
    path("<slug:slug>/minutes/", staff.minutes, name="minutes"),
    path("<slug:slug>/export/<str:what>.<str:fmt>", staff.export, name="export"),
]
