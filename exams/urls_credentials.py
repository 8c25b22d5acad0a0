"""Addresses of the credentials that stay the same in every language (no language prefix): the did:web document,
the JWKS, the status lists and each certificate's credential. Included once by noks_portal.urls."""

from django.urls import path

from exams import views_credentials as views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", views.did_json, name="did"),
    path(".well-known/jwks.json", views.jwks_json, name="jwks"),
    path("credentials/status/<int:number>", views.status_list, name="status_list"),
    path("credentials/<str:code>.json", views.credential, name="credential"),
    path("credentials/<str:code>.jwt", views.credential, {"form": "jwt"}, name="credential_jwt"),
    path("credentials/<str:code>/qr.svg", views.credential_qr, name="credential_qr"),
]
