from django.urls import path

from .views import dayof, direct, enrol, invitations, organiser, participant

app_name = "wheel"
urlpatterns = [
    path("", participant.wheel_list, name="list"),
    path("new/", organiser.wheel_form, name="create"),
    path("<int:pk>/", participant.wheel_detail, name="detail"),
    path("<int:pk>/register/", participant.register, name="register"),
    # Organisers search the directory to register an organisation (issue 12 §3).
    path("<int:pk>/register/search/", enrol.organisation_search, name="organisation_search"),
    # A participant's own pages (the pk is the participant's).
    path("participant/<int:pk>/", participant.agenda, name="agenda"),
    path("participant/<int:pk>/edit/", participant.edit_registration, name="edit_registration"),
    path("participant/<int:pk>/withdraw/", participant.withdraw, name="withdraw"),
    path("participant/<int:pk>/agenda.pdf", participant.agenda_pdf_view, name="agenda_pdf"),
    path("participant/<int:pk>/agenda.ics", participant.agenda_ics_view, name="agenda_ics"),
    path("participant/<int:pk>/browse/", participant.browse, name="browse"),
    path("participant/<int:pk>/mark/<int:target>/", participant.mark, name="mark"),
    path("participant/<int:pk>/requests/", participant.my_requests, name="requests"),
    path("participant/<int:pk>/meetings/<int:meeting>/outcome/", participant.outcome, name="outcome"),
    path("requests/<int:pk>/answer/", participant.answer, name="answer"),
    path("invite/match/<int:match>/", invitations.invite, name="invite"),
    path("invitations/<int:pk>/answer/", invitations.answer, name="invitation_answer"),
    path("direct/", direct.meetings, name="direct_meetings"),
    path("direct/match/<int:match>/", direct.propose, name="direct_propose"),
    path("direct/<int:pk>/answer/", direct.answer, name="direct_answer"),
    path("direct/<int:pk>/outcome/", direct.outcome, name="direct_outcome"),
    path("direct/<int:pk>/meeting.ics", direct.ics, name="direct_ics"),
    # Organisers.
    path("<int:pk>/edit/", organiser.wheel_form, name="edit"),
    path("<int:pk>/manage/", organiser.dashboard, name="dashboard"),
    path("<int:pk>/manage/schedule/", organiser.schedule_now, name="schedule"),
    path("<int:pk>/manage/publish/", organiser.publish, name="publish"),
    path("runs/<int:pk>/", organiser.run_status, name="run"),
    path("<int:pk>/manage/requests/", organiser.manage_requests, name="manage_requests"),
    path("requests/<int:pk>/remove/", organiser.remove_request, name="remove_request"),
    path("<int:pk>/manage/meetings/", organiser.manage_meetings, name="meetings"),
    path("meetings/<int:pk>/lock/", organiser.toggle_lock, name="lock"),
    path("meetings/<int:pk>/status/", organiser.meeting_status, name="meeting_status"),
    path("<int:pk>/manage/participants/", organiser.participants, name="participants"),
    path("<int:pk>/manage/board/", organiser.live_board, name="board"),
    path("<int:pk>/manage/tables.pdf", organiser.table_sheets, name="table_sheets"),
    path("<int:pk>/manage/wheel.json", organiser.export_json, name="export_json"),
    path("<int:pk>/manage/import/", organiser.import_json, name="import_json"),
    path("<int:pk>/manage/import-table/", organiser.import_table, name="import_table"),
    path("<int:pk>/manage/<str:kind>.<str:fmt>", organiser.export_table, name="export_table"),
    path("<int:pk>/manage/checkin/", dayof.checkin, name="checkin"),
    path("participants/<int:pk>/checkin/", dayof.checkin_participant, name="checkin_participant"),
    path("participants/<int:pk>/no-show/", dayof.no_show, name="no_show"),
    path("<int:pk>/manage/walk-ins/", dayof.walk_ins, name="walk_ins"),
]
