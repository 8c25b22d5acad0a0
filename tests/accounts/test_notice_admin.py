"""The inbox notices in the Django admin (issue 17): a read-only list to look into, with filters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Notice
from accounts.notices import notice_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(cast):
    read, unread = (notice_send([cast.owner], subject=s, body="Текст.", link="/sr/applications/", email=False)[0]
                    for s in ("Прочитано обавештење", "Непрочитано обавештење"))
    Notice.objects.filter(pk=read.pk).update(read_at="2026-01-02T10:00:00Z")
    notice_send([cast.reviewer], subject="Обавештење Канцеларије", email=False)
    return read, unread


def test_admin_lists_notices_and_filters_them_by_read_and_by_office_role(client, cast, notices):
    client.force_login(cast.admin)
    url = reverse("admin:accounts_notice_changelist")
    everything = client.get(url).content.decode()
    assert all(s in everything for s in ("Прочитано обавештење", "Непрочитано обавештење",
                                         "Обавештење Канцеларије"))
    unread = client.get(url, {"read_at__isempty": "1"}).content.decode()
    assert "Непрочитано обавештење" in unread and "Прочитано обавештење" not in unread
    read = client.get(url, {"read_at__isempty": "0"}).content.decode()
    assert "Прочитано обавештење" in read and "Непрочитано обавештење" not in read
    office = client.get(url, {"user__is_office_reviewer__exact": "1"}).content.decode()
    assert "Обавештење Канцеларије" in office and "Непрочитано обавештење" not in office
    found = client.get(url, {"q": "Канцеларије"}).content.decode()
    assert "Обавештење Канцеларије" in found and "Прочитано обавештење" not in found


def test_admin_notices_are_read_only(client, cast, notices):
    read, _unread = notices
    client.force_login(cast.admin)
    change = reverse("admin:accounts_notice_change", args=[read.pk])
    page = client.get(change).content.decode()
    assert "Прочитано обавештење" in page and 'name="_save"' not in page  # shown, not editable
    client.post(change, {"subject": "Измењено", "body": "", "link": "", "key": ""})
    read.refresh_from_db()
    assert read.subject == "Прочитано обавештење"
    assert client.get(reverse("admin:accounts_notice_add")).status_code == 403
    assert client.post(reverse("admin:accounts_notice_delete", args=[read.pk]), {"post": "yes"}).status_code == 403
    assert Notice.objects.filter(pk=read.pk).exists()


def test_people_without_admin_rights_do_not_see_the_notices_in_the_admin(client, cast, notices):
    client.force_login(cast.reviewer)
    response = client.get(reverse("admin:accounts_notice_changelist"))
    assert response.status_code == 302 and "/login/" in response.url
