from django.urls import include, path

from exams import views_credentials

app_name = "exams"

urlpatterns = [
    path("", include("exams.urls_records")),
    path("", include("exams.urls_sessions")),
    path("verify-credential/", views_credentials.credential_verify, name="credential_verify"),
    path("certificates/<int:pk>/credential.json", views_credentials.certificate_credential,
         name="certificate_credential"),
]
