"""What the header needs about the signed-in person's inbox: the number of unread notices, read from the user row the
request has loaded anyway (no query)."""

from __future__ import annotations


def notices(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": 0}
    return {"unread_notices": getattr(user, "unread_notices", 0)}
