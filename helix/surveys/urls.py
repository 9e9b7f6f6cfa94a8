from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("questionnaires/new/", views.questionnaire_create, name="questionnaire_create"),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire"),
    path("questionnaires/<int:pk>/sections/", views.section_add, name="section_add"),
    path("questionnaires/<int:pk>/publish/", views.questionnaire_publish, name="publish"),
    path("questionnaires/<int:pk>/new-version/", views.questionnaire_new_version, name="new_version"),
    path("sections/<int:section_id>/questions/new/", views.question_edit, name="question_create"),
    path("sections/<int:section_id>/questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("sections/<int:section_id>/questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/remind/", views.campaign_remind, name="campaign_remind"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/report/", views.campaign_report, name="campaign_report"),
    path("campaigns/<int:pk>/export.<str:fmt>", views.campaign_export, name="campaign_export"),
    path("responses/<int:pk>/report/", views.response_report, name="response_report"),
    path("responses/<int:pk>/report.pdf", views.response_report_pdf, name="response_report_pdf"),
    path("responses/<int:pk>/challenge/<slug:dimension>/", views.response_challenge, name="response_challenge"),
    path("r/<str:token>/", views.respond, name="respond"),
]
