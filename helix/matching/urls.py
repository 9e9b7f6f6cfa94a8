from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.index, name="index"),
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/new/", views.challenge_edit, name="challenge_create"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge"),
    path("challenges/<int:pk>/edit/", views.challenge_edit, name="challenge_edit"),
    path("challenges/<int:pk>/board/", views.board, name="board"),
    path("challenges/<int:pk>/solved/", views.challenge_solved, name="challenge_solved"),
    path("challenges/<int:pk>/board/<int:solution_pk>/move/", views.board_move, name="board_move"),
    path("challenges/<int:pk>/board/<int:solution_pk>/agreement/", views.board_agreement, name="board_agreement"),
    path("solutions/", views.solution_list, name="solutions"),
    path("solutions/new/", views.solution_edit, name="solution_create"),
    path("solutions/<int:pk>/", views.solution_detail, name="solution"),
    path("solutions/<int:pk>/edit/", views.solution_edit, name="solution_edit"),
    path("matches/<int:pk>/move/", views.match_move, name="match_move"),
    path("matches/<int:pk>/<slug:action>/", views.match_action, name="match_action"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
]
