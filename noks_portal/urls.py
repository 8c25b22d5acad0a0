from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from api import views as api_views
from applications import views_documents
from noks_portal import sitemaps, views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("api/v1/", include("api.urls")),
    path("v/<str:code>/", views_documents.verify_short, name="verify_short"),
    path("", include("exams.urls_credentials")),  # /.well-known/did.json, /credentials/… (docs/credentials.md)
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("qualifications/", include("qualifications.urls")),
    path("", include("providers.urls")),
    path("", include("programs.urls")),
    path("", include("programs.urls_search")),
    path("", include("applications.urls")),
    path("office/", include("applications.urls_office")),
    path("", include("applications.urls_documents")),
    path("", include("applications.urls_jpoa")),
    path("", include("exams.urls")),
    path("admin/", admin.site.urls),
    path("open-data/", api_views.docs, name="api_docs"),  # the API's documentation in the page's language
    path("", include("programs.urls_public")),
    prefix_default_language=True,
)
