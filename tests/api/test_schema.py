"""The OpenAPI 3 schema: generated without a warning, valid, listing every endpoint with its parameters; and the
documentation page rendered from it (no CDN)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ENDPOINTS = {
    "/api/v1/programs/", "/api/v1/programs/{id}/", "/api/v1/programs/{id}/elm.jsonld", "/api/v1/programs.csv",
    "/api/v1/standards/", "/api/v1/standards/{code}/", "/api/v1/standards.csv",
    "/api/v1/register/", "/api/v1/register.csv",
    # issue 18: XLSX twins; issue 21: the ELM datasets and the DCAT-AP catalogue
    "/api/v1/programs.xlsx", "/api/v1/standards.xlsx", "/api/v1/register.xlsx",
    "/api/v1/elm/accreditations/", "/api/v1/elm/learning-opportunities/", "/api/v1/catalog.jsonld",
}
PROGRAM_PARAMETERS = {"q", "level", "sector", "standard", "kind", "activity", "municipality", "provider",
                      "min_hours", "max_hours", "language", "starting_soon", "page", "page_size"}


def query_parameters(schema: dict, path: str) -> set[str]:
    return {p["name"] for p in schema["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}


def test_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yaml"
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", str(target)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stderr and "Error" not in result.stderr, result.stderr
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.0")
    assert schema["info"]["title"] == "NOKS portal open data API"
    assert schema["info"]["version"] == "1.0.0"
    assert set(schema["paths"]) == ENDPOINTS
    assert query_parameters(schema, "/api/v1/programs/") == PROGRAM_PARAMETERS
    assert query_parameters(schema, "/api/v1/standards/") == {"q", "level", "sector", "page", "page_size"}
    assert query_parameters(schema, "/api/v1/register/") == {"state", "activity", "municipality", "q", "page",
                                                             "page_size"}
    assert all("400" in schema["paths"][path]["get"]["responses"]
               for path in ("/api/v1/programs/", "/api/v1/standards/", "/api/v1/register/", "/api/v1/programs.csv"))
    assert "application/ld+json" in \
        schema["paths"]["/api/v1/programs/{id}/elm.jsonld"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in schema["paths"]["/api/v1/programs.csv"]["get"]["responses"]["200"]["content"]
    # program versions, added without changing any existing field (docs/program-versions.md)
    components = schema["components"]["schemas"]
    assert {"version", "versions"} <= set(components["ProgramDetail"]["properties"])
    assert "version" in components["Program"]["properties"]
    assert "version" in components["ProgramBrief"]["properties"]
    assert set(components["ProgramVersion"]["properties"]) == {"id", "version", "state", "approved_on",
                                                               "superseded_on", "editorial", "url"}


@pytest.mark.django_db
def test_schema_is_served_as_yaml_and_json(client):
    as_yaml = client.get("/api/v1/schema/")
    as_json = client.get("/api/v1/schema/", {"format": "json"})

    assert as_yaml.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert as_yaml["Cache-Control"] == "public, max-age=300"
    assert set(yaml.safe_load(as_yaml.content)["paths"]) == ENDPOINTS
    assert set(json.loads(as_json.content)["paths"]) == ENDPOINTS


@pytest.mark.django_db
def test_docs_page_lists_every_endpoint_and_its_parameters_without_a_cdn(client):
    response = client.get("/api/v1/docs/")
    page = response.content.decode()

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    for path in ENDPOINTS:
        assert f"{path}" in page, path
    for parameter in PROGRAM_PARAMETERS:
        assert f'<code translate="no">{parameter}</code>' in page, parameter
    assert 'href="/api/v1/schema/"' in page
    assert 'href="/api/v1/programs.csv"' in page
    assert 'id="microcredential"' in page
    assert "cdn" not in page.lower() and "swagger" not in page.lower() and "redoc" not in page.lower()
    assert page.count("<h1") == 1


def test_docs_page_is_private_for_a_signed_in_visitor(client, cast):
    client.force_login(cast.owner)

    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
