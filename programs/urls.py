from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.program_list, name="list"),
    path("programs/new/", views.program_create, name="create"),
    path("programs/<int:pk>/", views.program_detail, name="detail"),
    path("programs/<int:pk>/section/<slug:section>/", views.program_section, name="section"),
    path("programs/<int:pk>/delete/", views.program_delete, name="delete"),
    path("programs/<int:pk>/new-version/", views.program_version_start, name="version_start"),
    path("programs/<int:pk>/changes/", views.program_changes, name="changes"),
]
