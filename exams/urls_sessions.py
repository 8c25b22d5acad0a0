from django.urls import path

from exams import views_sessions as views

urlpatterns = [
    path("cohorts/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("exam-sessions/<int:pk>/", views.session_detail, name="session"),
    path("exam-sessions/<int:pk>/progress.json", views.session_progress, name="session_progress"),
    path("exam-sessions/<int:pk>/certificates/", views.session_issue, name="session_issue"),
    path("exam-results/<int:pk>/draw/", views.result_draw, name="result_draw"),
    path("exam-results/<int:pk>/", views.result_record, name="result_record"),
    path("certificates/<int:pk>/", views.certificate_download, name="certificate_download"),
    path("certificates/<int:pk>/retry/", views.certificate_retry, name="certificate_retry"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("courses/<int:pk>/", views.public_course, name="public_course"),
]
