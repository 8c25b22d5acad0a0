"""The exam session page on a phone: every learner's action (record the exam / change the record) and every
certificate's actions stay within a 390 px screen — the tables lost them past their right edge — and the column of
certificate actions is titled for what it holds. Checked on the markup (Bootstrap's responsive classes); the widths
were measured in Chromium at 390 px."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse
from django.utils.translation import gettext, override, pgettext

from exams import services
from exams.enums import Grade, RenderState
from exams.models import Certificate

pytestmark = pytest.mark.django_db


def _page(client, school, session):
    client.force_login(school["user"])
    return lxml.html.fromstring(client.get(session.get_absolute_url()).content.decode())


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _pass(school, result):
    services.result_draw(result, actor=school["user"], seed=result.pk)
    services.result_record(result, votes={m.pk: Grade.PASSED for m in result.session.commission.members.all()},
                           performed={1: True, 2: True, 3: True}, actor=school["user"])


def test_every_learners_action_is_under_the_name_below_md_and_in_its_column_from_md(client, school, session):
    graded, drawn = session.results.order_by("learner__last_name")
    _pass(school, graded)
    services.result_draw(drawn, actor=school["user"], seed=7)
    page = _page(client, school, session)
    header = page.xpath('//table[@id="results"]/thead/tr/th')[-1]
    assert {"d-none", "d-md-table-cell"} <= _classes(header)  # the actions column only from md on
    with override("sr"):
        labels = {graded.pk: gettext("Change the record"), drawn.pk: gettext("Record the exam")}
    for result in (graded, drawn):
        url = reverse("exams:result_record", kwargs={"pk": result.pk})
        row = page.get_element_by_id(f"result-{result.pk}")
        narrow = row.xpath(f'./th[@scope="row"]//a[@href="{url}"]')
        assert len(narrow) == 1, "under the learner's name, in the first column a phone always shows"
        assert {"d-block", "d-md-none"} <= _classes(narrow[0])
        assert narrow[0].text_content().startswith(labels[result.pk])
        wide = row.xpath(f'./td//a[@href="{url}"]')
        assert len(wide) == 1
        cell = wide[0].xpath("./ancestor::td[1]")[0]
        assert {"d-none", "d-md-table-cell"} <= _classes(cell)
        assert cell is row.xpath("./td")[-1]
        # Every cell of the row shown on a phone: the same count as the header's visible columns.
        shown = [c for c in row.xpath("./th|./td") if "d-none" not in _classes(c)]
        assert len(shown) == len([h for h in page.xpath('//table[@id="results"]/thead/tr/th')
                                  if "d-none" not in _classes(h)])


def test_no_record_link_before_the_work_tasks_are_drawn(client, school, session):
    page = _page(client, school, session)
    for result in session.results.all():
        assert not page.xpath(f'//a[@href="{reverse("exams:result_record", kwargs={"pk": result.pk})}"]')


def _certificate_rows(page):
    table = page.get_element_by_id("certificate-list")
    return table, table.xpath("./thead/tr/th"), table.xpath("./tbody/tr")


def test_the_certificate_actions_column_is_titled_actions_and_stays_on_a_phone(
        client, school, session, django_capture_on_commit_callbacks):
    for result in session.results.all():
        _pass(school, result)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_issue_certificates(session, actor=school["user"])
    assert {c.state for c in Certificate.objects.all()} == {RenderState.READY}
    page = _page(client, school, session)
    _, headers, rows = _certificate_rows(page)
    with override("sr"):
        actions, state, script = gettext("Actions"), gettext("State"), gettext("Script")
        download, revoke = gettext("Download (PDF)"), pgettext("certificate", "Revoke")
    assert headers[-1].text_content().strip() == actions
    assert state not in [h.text_content().strip() for h in headers]
    # Below sm the script column folds under the serial number, so the actions column fits beside it.
    script_header = next(h for h in headers if h.text_content().strip() == script)
    assert {"d-none", "d-sm-table-cell"} <= _classes(script_header)
    assert len(rows) == Certificate.objects.count() == 2
    for row, certificate in zip(rows, Certificate.objects.order_by("result__learner__last_name")):
        cells = row.xpath("./th|./td")
        assert len(cells) == len(headers)
        serial_cell, script_cell, action_cell = cells[1], cells[2], cells[3]
        assert {"d-none", "d-sm-table-cell"} <= _classes(script_cell)
        folded = serial_cell.xpath('.//*[contains(@class, "d-sm-none")]')
        assert [e.text_content().strip() for e in folded] == [script_cell.text_content().strip()]
        links = {a.get("href"): a.text_content() for a in action_cell.xpath(".//a")}
        assert links[reverse("exams:certificate_download", kwargs={"pk": certificate.pk})].startswith(download)
        assert links[reverse("exams:certificate_revoke", kwargs={"pk": certificate.pk})].startswith(revoke)
        assert not _classes(action_cell) & {"d-none"}


def test_a_failed_certificate_shows_its_state_by_the_number_and_the_retry_among_the_actions(
        client, school, session, monkeypatch, django_capture_on_commit_callbacks):
    _pass(school, session.results.order_by("learner__last_name").first())

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("exams.documents.render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_issue_certificates(session, actor=school["user"])
    certificate = Certificate.objects.get()
    assert certificate.state == RenderState.FAILED
    _, _, (row,) = _certificate_rows(_page(client, school, session))
    serial_cell, action_cell = row.xpath("./td")[0], row.xpath("./td")[-1]
    with override("sr"):
        assert certificate.get_state_display() in serial_cell.text_content()
    retry = reverse("exams:certificate_retry", kwargs={"pk": certificate.pk})
    assert action_cell.xpath(f'.//form[@action="{retry}"]//button')
    assert certificate.get_state_display() not in action_cell.text_content()
