"""sitemap.xml and robots.txt: every public page, in the three languages, with hreflang alternates.

Each sitemap runs one query (the static one none), whatever the number of standards or programs.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from programs.search import public_programs
from qualifications.models import NoksLevel, QualificationStandard

SITEMAP_MAX_AGE = 3600


class _I18nSitemap(Sitemap):
    """Each item once per language (settings.LANGUAGES), each entry naming its translations (and x-default, the
    unprefixed address that redirects to the visitor's language)."""

    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(_I18nSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "qualifications:standards", "qualifications:levels", "jpoa:register"]

    def location(self, item):
        return reverse(item)


class LevelSitemap(_I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return NoksLevel.objects.only("pk", "code").order_by("order")


class StandardSitemap(_I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return QualificationStandard.objects.filter(is_published=True).only("pk", "code", "updated_at").order_by("code")

    def lastmod(self, item):
        return item.updated_at


class ProgramSitemap(_I18nSitemap):
    """Programs in an accreditation in force today (the same rows the public program page shows)."""

    changefreq = "weekly"

    def items(self):
        return (public_programs().annotate(modified=Greatest("updated_at", F("organization__updated_at")))
                .only("pk", "updated_at").order_by("pk"))

    def location(self, item):
        return reverse("program_public", kwargs={"pk": item.pk})

    def lastmod(self, item):
        return item.modified


SITEMAPS = {
    "pages": StaticSitemap,
    "levels": LevelSitemap,
    "standards": StandardSitemap,
    "programs": ProgramSitemap,
}


@cache_control(public=True, max_age=SITEMAP_MAX_AGE)
def sitemap(request):
    return sitemap_view(request, sitemaps=SITEMAPS)


# Paths not worth crawling: sign-in and account pages, the Office, the Django admin (in every language).
ROBOTS_DISALLOW = ("/*/office/", "/*/accounts/", "/*/admin/")


@require_safe
@cache_control(public=True, max_age=SITEMAP_MAX_AGE)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "",
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
