from django.urls import path

from qualifications import views

app_name = "qualifications"

urlpatterns = [
    path("", views.standard_list, name="standards"),
    path("levels/", views.level_list, name="levels"),
    path("levels/<str:code>/", views.level_detail, name="level"),
    path("standards/<str:code>/", views.standard_detail, name="standard"),
]
