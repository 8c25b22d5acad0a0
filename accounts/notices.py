"""The in-portal inbox: every notice the portal sends a person is kept here, and e-mailed too.

notice_send() is the one way to write a notice; apps to the right (applications) call it for what they tell
providers, schools and the Office. A notice with a ``key`` is sent at most once to each person (the daily job may run
twice; the second run finds the notice and sends nothing). The e-mails leave after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.models import Notice

SUBJECT_MAX = 300
BODY_MAX = 20_000


def office_users(*, reviewers: bool = True, deciders: bool = True) -> QuerySet:
    """The active people of the Office who take part in reviewing (reviewers) and deciding (deciders)."""
    roles = Q(pk__in=[])
    if reviewers:
        roles |= Q(is_office_reviewer=True)
    if deciders:
        roles |= Q(is_office_decider=True)
    return get_user_model().objects.filter(roles, is_active=True).order_by("pk")


def notice_send(users: Iterable, *, subject: str, body: str = "", link: str = "", key: str = "",
                email: bool = True) -> list[Notice]:
    """A notice in each person's inbox and (``email``) the same text by e-mail; with a ``key``, people who already
    have a notice with that key get nothing. Returns the notices written."""
    subject = " ".join(str(subject).split())[:SUBJECT_MAX]
    body = str(body)[:BODY_MAX]
    people = {user.pk: user for user in users if user is not None and user.is_active}
    if key:
        taken = set(Notice.objects.filter(user_id__in=people, key=key).values_list("user_id", flat=True))
        people = {pk: user for pk, user in people.items() if pk not in taken}
    written = []
    for user in people.values():
        try:
            with transaction.atomic():  # a concurrent run that wrote the same key first wins; this one skips
                written.append(Notice.objects.create(user=user, subject=subject, body=body, link=link[:500],
                                                     key=key))
        except IntegrityError:
            continue
    if written:
        get_user_model().objects.filter(pk__in=[n.user_id for n in written]).update(
            unread_notices=F("unread_notices") + 1)
    addresses = [notice.user.email for notice in written if notice.user.email]
    if email and addresses:
        from django.conf import settings

        url = f"{settings.SITE_URL}{link}" if link.startswith("/") else link
        text = f"{body.rstrip()}\n\n{url}\n" if url and url not in body else body
        messages = [(subject, text, None, [address]) for address in addresses]
        transaction.on_commit(lambda: send_mass_mail(messages))
    return written


def notices_of(user) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user).order_by("-created", "-pk")


def unread_count(user) -> int:
    """Counted in the inbox table (the header reads the copy kept on the user, user.unread_notices)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def notice_mark_read(notice: Notice, *, user) -> Notice:
    """Mark one's own notice read (someone else's notice is not found: the caller loads it by owner)."""
    if notice.user_id != user.pk:
        raise Notice.DoesNotExist
    if notice.read_at is None:
        notice.read_at = timezone.now()
        with transaction.atomic():
            if Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at):
                _recount(user)
    return notice


def notices_mark_all_read(user) -> int:
    with transaction.atomic():
        count = Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
        _recount(user)
    return count


def _recount(user) -> None:
    """Set the user's unread count from the inbox itself (reading never drifts it)."""
    user.unread_notices = unread_count(user)
    get_user_model().objects.filter(pk=user.pk).update(unread_notices=user.unread_notices)
