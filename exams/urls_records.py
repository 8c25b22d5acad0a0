"""The organization's cohorts, learners and exam commissions (included by exams.urls, namespace "exams")."""

from django.urls import path

from exams import views_records as views

urlpatterns = [
    path("cohorts/", views.cohort_list, name="cohorts"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/learners-example.csv", views.learner_example, name="learner_example"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/learners/new/", views.learner_create, name="learner_create"),
    path("cohorts/<int:pk>/learners/import/", views.learner_import, name="learner_import"),
    path("learners/<int:pk>/", views.learner_edit, name="learner_edit"),
    path("commissions/", views.commission_list, name="commissions"),
    path("commissions/new/", views.commission_create, name="commission_create"),
    path("commissions/<int:pk>/", views.commission_detail, name="commission"),
]
