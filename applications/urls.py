from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("applications/", views.application_list, name="list"),
    path("applications/new/", views.application_create, name="create"),
    path("applications/amendments/new/", views.amendment_create, name="amendment_create"),
    path("applications/versions/<int:program_pk>/editorial/", views.version_editorial, name="version_editorial"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/scope/", views.application_scope, name="scope"),
    path("applications/<int:pk>/deviations/", views.application_deviations, name="deviations"),
    path("applications/<int:pk>/precheck/", views.application_precheck, name="precheck"),
    path("applications/<int:pk>/check/", views.application_check, name="check"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("applications/<int:pk>/requests/<int:request_pk>/", views.application_answer, name="answer"),
    path("applications/<int:pk>/submissions/<int:number>/", views.submission_detail, name="submission"),
]
