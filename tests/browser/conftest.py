"""Playwright driving Debian's Chromium against pytest-django's live server, with axe-core checks."""

from __future__ import annotations

import os

import pytest

from tests.conftest import require

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    require("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def reference_data(transactional_db):
    from core.reference_data import ensure_reference_data

    ensure_reference_data()


def watch_csp(page) -> list[str]:
    """Collect what Chromium reports when the page breaks the Content-Security-Policy."""
    violations: list[str] = []
    page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    return violations


@pytest.fixture
def page(browser, live_server, reference_data):
    """A browser page; the test fails if the page ever breaks the Content-Security-Policy."""
    context = browser.new_context(base_url=live_server.url, locale="sr-RS")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = watch_csp(page)
    yield page
    context.close()
    assert violations == [], "CSP violations"


class AxeChecker:
    """Runs axe-core (served from static/vendor/) on the current page and remembers every page checked."""

    def __init__(self, live_server_url: str):
        self.url = f"{live_server_url}/static/vendor/axe-core/axe.min.js"
        self.checked: list[str] = []

    def __call__(self, page) -> None:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(url=self.url)
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in result["violations"]
        ]
        self.checked.append(page.url)
        assert violations == [], f"axe on {page.url}"


@pytest.fixture
def axe(live_server):
    return AxeChecker(live_server.url)
