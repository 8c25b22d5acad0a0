from django.urls import path

from applications import views_office as views

app_name = "office"

urlpatterns = [
    path("applications/", views.queue, name="queue"),
    path("applications/<int:pk>/", views.review, name="review"),
    path("applications/<int:pk>/take/", views.take, name="take"),
    path("applications/<int:pk>/assign/", views.assign, name="assign"),
    path("applications/<int:pk>/declare/", views.declare, name="declare"),
    path("applications/<int:pk>/verdict/", views.verdict, name="verdict"),
    path("applications/<int:pk>/verdicts/", views.verdicts_bulk, name="verdicts_bulk"),
    path("applications/<int:pk>/confirm-passes/", views.confirm_passes, name="confirm_passes"),
    path("applications/<int:pk>/findings/new/", views.own_finding, name="own_finding"),
    path("applications/<int:pk>/changes/", views.request_changes, name="request_changes"),
    path("applications/<int:pk>/recommend/", views.recommend, name="recommend"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("submitted-documents/<int:pk>/", views.submitted_document, name="submitted_document"),
]
