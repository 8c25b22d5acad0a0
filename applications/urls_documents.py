from django.urls import path

from applications import views_documents as views

app_name = "documents"

urlpatterns = [
    path("official-documents/<int:pk>/", views.document_download, name="download"),
    path("official-documents/<int:pk>/latin/", views.document_latin, name="latin"),
    path("official-documents/<int:pk>/retry/", views.document_retry, name="retry"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify-pdf/", views.verify_pdf, name="verify_pdf"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
