from django.urls import path

from programs import views_public

urlpatterns = [path("program/<int:pk>/", views_public.program_page, name="program_public")]
