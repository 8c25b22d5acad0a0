from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("me/", views.dashboard, name="dashboard"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", views.notice_read, name="notice_read"),
    path("inbox/read-all/", views.notices_read_all, name="notices_read_all"),
    path("two-factor/", views.second_factor, name="second_factor"),
    path("two-factor/set-up/", views.second_factor_setup, name="second_factor_setup"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("email/send-link/", views.email_confirmation_resend, name="email_confirmation_resend"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
]
