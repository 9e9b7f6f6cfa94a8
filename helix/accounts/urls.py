from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import two_factor_views, views
from .forms import QueuedPasswordResetForm

app_name = "accounts"
urlpatterns = [
    # Two-factor authentication (ops): the password step hands over to the code step when needed.
    path("login/", two_factor_views.TwoStepLoginView.as_view(), name="login"),
    path("login/code/", two_factor_views.login_code, name="login_code"),
    path("me/security/", two_factor_views.security, name="security"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("activate/<uidb64>/<token>/", views.activate, name="activate"),
    path("activate/resend/", views.resend_activation, name="resend_activation"),  # probe (issue 11 row 7)
    path("organisation-options/", views.organisation_options, name="organisation_options"),
    path("me/", views.profile, name="profile"),
    path("me/representation/", views.request_representation, name="request_representation"),
    path("me/data.json", views.download_data, name="download_data"),
    path("me/delete/", views.delete_account, name="delete_account"),
    path("requests/", views.pending_requests, name="pending_requests"),
    path("requests/<int:pk>/decide/", views.decide_request, name="decide_request"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            form_class=QueuedPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
