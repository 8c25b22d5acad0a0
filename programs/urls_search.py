from django.urls import path

from programs import views_search

urlpatterns = [path("search/", views_search.program_search, name="program_search")]
