"""No page scrolls sideways on a phone (issue 18): the demo walked as each of its roles at 390 px wide.

From each role's landing page the test follows the portal's own links breadth-first (GET pages only: no downloads,
no sign-out, no API), up to a bound per role, and on every page checks that the document is no wider than the
window; a table may scroll inside its own `.table-responsive` box, the page may not. A failure names the page and
the elements that stick out.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 390
PAGES_PER_ROLE = 30
SKIP = re.compile(r"(/api/|/admin/|/logout|/sign-out|/accounts/login|\.(pdf|csv|xlsx|zip|json|jsonld|png|svg|txt)"
                  r"(\?|$)|/download|/export|/static/|/media/|#)")
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width + 1) return [];
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let inside = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) { inside = true; break; }
      }
      if (!inside) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                           (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                           ' right=' + Math.round(box.right));
    }
    if (out.length >= 5) break;
  }
  return out.length ? out : ['document ' + document.documentElement.scrollWidth + 'px'];
}"""
LINKS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"""


@pytest.fixture
def demo(reference_data, settings):
    settings.DEBUG = True  # seed_demo refuses without it (published demo passwords)
    call_command("seed_demo", without_register=True, stdout=open("/dev/null", "w"))
    settings.DEBUG = False


def _walk(page, start: str, origin: str, limit: int) -> dict[str, list[str]]:
    """Pages reachable from ``start`` (same origin, same language prefix), each with what sticks out."""
    prefix = urlsplit(start).path.split("/")[1]
    queue, seen, problems = deque([start]), {start}, {}
    visited = 0
    while queue and visited < limit:
        url = queue.popleft()
        response = page.goto(url)
        visited += 1
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        sticking_out = page.evaluate(OVERFLOW)
        if sticking_out:
            problems[urlsplit(url).path] = sticking_out
        for link in page.evaluate(LINKS):
            parts = urlsplit(link)
            target = f"{origin}{parts.path}" + (f"?{parts.query}" if parts.query else "")
            if (link.startswith(origin) and parts.path.split("/")[1] == prefix and not SKIP.search(link)
                    and target not in seen and "page=" not in parts.query):
                seen.add(target)
                queue.append(target)
    return problems


@pytest.mark.parametrize("username", [None, "owner", "reviewer", "school"])
def test_no_page_of_the_demo_scrolls_sideways_at_390_px(browser, live_server, demo, username):
    context = browser.new_context(base_url=live_server.url, locale="sr-RS",
                                  viewport={"width": WIDTH, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        if username:
            sign_in(page, username, password="noks-demo-2026")
            start = f"{live_server.url}/sr/accounts/me/"
        else:
            start = f"{live_server.url}/sr/"
        problems = _walk(page, start, live_server.url, PAGES_PER_ROLE)
        for language in ("sr-latn", "en"):
            problems.update(_walk(page, start.replace("/sr/", f"/{language}/"), live_server.url, 4))
    finally:
        context.close()
    assert problems == {}, "\n".join(f"{path}: {', '.join(items)}" for path, items in problems.items())
