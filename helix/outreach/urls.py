from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.issue_edit, name="issue_create"),
    path("manage/preview/", views.preview, name="preview"),
    path("manage/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("manage/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("manage/<int:pk>/progress/", views.issue_progress, name="issue_progress"),
    path("manage/<int:pk>/test/", views.issue_send_test, name="issue_send_test"),
    path("manage/<int:pk>/send/", views.issue_send, name="issue_send"),
    path("<slug:slug>/", views.archive_issue, name="archive_issue"),
]
