from django.urls import path

from exams import views_certificates
from exams import views_sessions as views

urlpatterns = [
    path("cohorts/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("exam-sessions/<int:pk>/", views.session_detail, name="session"),
    path("exam-sessions/<int:pk>/progress.json", views.session_progress, name="session_progress"),
    path("exam-sessions/<int:pk>/record.pdf", views.session_record, name="session_record"),
    path("exam-sessions/<int:pk>/certificates/", views.session_issue, name="session_issue"),
    path("exam-results/<int:pk>/draw/", views.result_draw, name="result_draw"),
    path("exam-results/<int:pk>/", views.result_record, name="result_record"),
    path("certificates/<int:pk>/", views.certificate_download, name="certificate_download"),
    path("certificates/<int:pk>/retry/", views.certificate_retry, name="certificate_retry"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("certificates/<int:pk>/record/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/reissue/", views.certificate_reissue, name="certificate_reissue"),
    path("certificates/<int:pk>/duplicate/", views.certificate_duplicate, name="certificate_duplicate"),
    path("certificates/", views_certificates.certificate_list, name="certificates"),
    path("certificates/export.csv", views_certificates.certificate_export, name="certificates_csv"),
    path("certificates/export.xlsx", views_certificates.certificate_export, {"fmt": "xlsx"}, name="certificates_xlsx"),
    path("verify-certificate/", views.verify_serial, name="verify_serial"),
    path("courses/<int:pk>/", views.public_course, name="public_course"),
]
