from django.urls import include, path

app_name = "exams"

urlpatterns = [
    path("", include("exams.urls_records")),
    path("", include("exams.urls_sessions")),
]
