from django.urls import path

from applications import views_jpoa as views

app_name = "jpoa"

urlpatterns = [
    path("jpoa-register/", views.register, name="register"),
    path("jpoa-register.csv", views.register_csv, name="register_csv"),
    path("jpoa-register.json", views.register_json, name="register_json"),
    path("jpoa-register-excel.csv", views.register_export, {"fmt": "csv"}, name="register_export_csv"),
    path("jpoa-register.xlsx", views.register_export, {"fmt": "xlsx"}, name="register_xlsx"),
    path("jpoa-register/<int:pk>/", views.register_organization, name="organization"),
    path("office/dashboard/", views.dashboard, name="dashboard"),
    path("office/applications/<int:pk>/dossier.zip", views.dossier, name="dossier"),
    path("office/accreditations/<int:pk>/revoke/", views.revoke, name="revoke"),
]
