from django.urls import path

from . import views

app_name = "academy"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("mine/", views.mine, name="mine"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("cohorts/<int:cohort_id>/enrol/", views.enrol, name="enrol"),
    path("cohorts/<int:cohort_id>/attendance/", views.attendance, name="attendance"),
    path(
        "cohorts/<int:cohort_id>/attendance/<int:session_id>/<int:enrolment_id>/",
        views.mark,
        name="mark",
    ),
    path("cohorts/<int:cohort_id>/marks/<int:enrolment_id>/", views.final_mark, name="final_mark"),
    path("cohorts/<int:cohort_id>/complete/", views.complete, name="complete"),
    path("cohorts/<int:cohort_id>/capacity/", views.set_capacity, name="set_capacity"),
    path("cohorts/<int:cohort_id>/export/<str:what>.<str:fmt>", views.export, name="export"),
    path("enrolments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("enrolments/<int:pk>/accept/", views.accept, name="accept"),
    path("<slug:slug>/", views.course_detail, name="course"),
    path("<slug:slug>/<int:cohort_id>/", views.cohort_detail, name="cohort"),
]
