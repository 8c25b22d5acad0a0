from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from qualifications import selectors as qualification_selectors
from qualifications.forms import StandardSearchForm


def home(request):
    return render(request, "home.html", {
        "levels": qualification_selectors.level_list(),
        "search_form": StandardSearchForm(),
    })


def health(request):
    """For load balancers and docker-compose: the app answers and its database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
