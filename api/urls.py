"""/api/v1/ (outside the language prefix: the data are the same in every language; texts come in all three)."""

from django.urls import path, re_path
from api import views, views_harvest

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("programs/", views.ProgramList.as_view(), name="programs"),
    path("programs.csv", views.ProgramCsv.as_view(), name="programs_csv"),
    path("programs.xlsx", views.ProgramXlsx.as_view(), name="programs_xlsx"),
    path("programs/<int:pk>/", views.ProgramDetail.as_view(), name="program"),
    path("programs/<int:pk>/elm.jsonld", views.ProgramElm.as_view(), name="program_elm"),
    path("standards/", views.StandardList.as_view(), name="standards"),
    path("standards.csv", views.StandardCsv.as_view(), name="standards_csv"),
    path("standards.xlsx", views.StandardXlsx.as_view(), name="standards_xlsx"),
    path("standards/<path:code>/", views.StandardDetail.as_view(), name="standard"),
    path("register/", views.RegisterList.as_view(), name="register"),
    path("register.csv", views.RegisterCsv.as_view(), name="register_csv"),
    path("register.xlsx", views.RegisterXlsx.as_view(), name="register_xlsx"),
    path("elm/accreditations/", views_harvest.ElmAccreditations.as_view(), name="elm_accreditations"),
    path("elm/learning-opportunities/", views_harvest.ElmLearningOpportunities.as_view(),
         name="elm_learning_opportunities"),
    path("catalog.jsonld", views_harvest.Catalog.as_view(), name="catalog"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    re_path(r"^(?P<rest>.+)$", views.not_found, name="not_found"),  # last: every other address, a JSON 404
]
