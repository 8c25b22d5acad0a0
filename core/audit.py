"""Writing the audit trail, and checking it. Call audit_log inside the transaction that makes the change.

The rows form a hash chain. Row number `seq` (1, 2, 3, … without gaps) stores `prev_hash`, the `row_hash` of row
seq − 1 ("" for row 1), and

    row_hash = sha256(prev_hash + canonical(row)).hexdigest()

where canonical(row) is the canonical JSON (below) of {seq, at, actor, action, object_type, object_id, from_state,
to_state, note, data}. A row changed, removed or slipped in breaks the chain from there on; `manage.py audit_verify`
(chain_verify) walks it and names the first broken link. The serialisation is what every stored hash covers:
never change it.

Canonical JSON: objects with their keys sorted (by code point), no whitespace, strings as JSON with non-ASCII
characters kept (UTF-8), numbers by their decimal value (below), true/false/null. `at` is ISO 8601 in UTC with
microseconds (`2026-01-15T02:15:00.123456+00:00`), `actor` the user's id or null. A number is written as its
digits without trailing zeros and a power of ten (`15e-1` for 1.5, `1e2` for 100, `7`, `0`): the same value gives
the same text however it was stored — PostgreSQL's jsonb keeps numbers as decimals and gives 1e16 back as
10000000000000000 and keys in its own order, SQLite's JSON text gives back what was written.

Concurrency: the rows are chained in the order their transactions take the chain's lock. On PostgreSQL, audit_log
takes a transaction-level advisory lock (pg_advisory_xact_lock) before it reads the last row, so a second
transaction waits until the first has committed (or rolled back) and then sees its row: two transactions never
chain onto the same row. The unique `seq` is the backstop: if anything ever read a stale head, its insert would
fail instead of forking the chain. On SQLite the database's single writer lock serialises writers the same way.
The lock is held until the surrounding transaction ends, so audit_log belongs near the end of a transaction;
it costs two queries more than a plain insert on PostgreSQL (the lock and the head), one on SQLite.

The chaining is done here rather than in a database trigger so that one piece of code does it on both databases
and the verifier hashes exactly what the writer hashed (jsonb's text form is not canonical JSON).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from core.models import AuditEvent

# The one advisory lock that orders audit rows on PostgreSQL ("NOKSAUDT" in ASCII).
CHAIN_LOCK = 0x4E4F4B5341554454
# The fields every row hash covers, in the attribute names of AuditEvent (actor_id is "actor" in the JSON).
CHAIN_FIELDS = ("seq", "at", "actor_id", "action", "object_type", "object_id", "from_state", "to_state", "note",
                "data")


def audit_log(
    obj: models.Model,
    *,
    action: str,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one row to the audit trail, chained onto the last one. The only writer of AuditEvent rows."""
    event = AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        from_state=from_state,
        to_state=to_state,
        note=note,
        # As the database will give it back: tuples become lists, keys strings (hashed below, re-hashed on reading).
        data=json.loads(json.dumps(data or {})),
    )
    # savepoint=False: inside the caller's transaction this adds nothing; outside one it makes lock, read and insert
    # one transaction (an advisory lock taken in autocommit would be gone before the insert).
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "row_hash").first()
        event.seq, event.prev_hash = (head[0] + 1, head[1]) if head else (1, "")
        event.at = timezone.now()  # after the lock: times rise with seq
        event.row_hash = row_digest(event.prev_hash, event)
        event.save(force_insert=True)
    return event


def audit_trail(obj: models.Model):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related("actor")


# --- the chain ---------------------------------------------------------------------------------------------------


def row_digest(prev_hash: str, row) -> str:
    """The hash of one row: `row` is anything with the CHAIN_FIELDS as attributes (a model instance, also a
    migration's historical one, or a named tuple from values_list)."""
    return hashlib.sha256((prev_hash + row_canonical(row)).encode("utf-8")).hexdigest()


def row_canonical(row) -> str:
    at: dt.datetime = row.at
    return canonical_json({
        "seq": row.seq,
        "at": at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"),
        "actor": row.actor_id,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "from_state": row.from_state,
        "to_state": row.to_state,
        "note": row.note,
        "data": row.data,
    })


def canonical_json(value: Any) -> str:
    """The canonical JSON text of a JSON value (see the module's docstring)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return _canonical_number(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical_json(item) for item in value) + "]"
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("canonical JSON needs string keys")
        return "{" + ",".join(json.dumps(key, ensure_ascii=False) + ":" + canonical_json(value[key])
                              for key in sorted(value)) + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _canonical_number(number: int | float) -> str:
    # repr() of a float is the shortest decimal that reads back as it, which is what JSON and jsonb store.
    decimal = Decimal(number) if isinstance(number, int) else Decimal(repr(number))
    if not decimal.is_finite():
        raise ValueError("JSON has no NaN or infinity")
    sign, digits, exponent = decimal.as_tuple()
    if not any(digits):
        return "0"  # also -0.0: jsonb has no negative zero
    while digits[-1] == 0:
        digits, exponent = digits[:-1], exponent + 1
    text = ("-" if sign else "") + "".join(map(str, digits))
    return f"{text}e{exponent}" if exponent else text


@dataclass(frozen=True)
class ChainBreak:
    """The first row where the chain does not hold."""

    id: int | None
    seq: int | None
    at: dt.datetime | None
    problem: str

    def __str__(self) -> str:
        if self.id is None:
            return self.problem
        return f"row id {self.id} (seq {self.seq}, at {self.at.astimezone(dt.timezone.utc).isoformat()}): " \
               f"{self.problem}"


@dataclass(frozen=True)
class ChainReport:
    rows: int
    head_seq: int
    head_hash: str
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def chain_verify(*, anchor: tuple[int, str] | None = None, since: int = 1, chunk_size: int = 2000) -> ChainReport:
    """Walk the chain in seq order, streaming (constant memory), and stop at the first broken link.

    `anchor` (seq, row_hash), e.g. the head an earlier run reported and someone wrote down outside the database:
    the row with that seq must still be there with that hash. That catches what a chain alone cannot: rows removed
    from its end, or the whole chain recomputed after a change.
    `since`: begin at the row with that seq, taking its previous hash on trust — after a break that has been
    investigated and recorded (docs/operations.md), to check everything written after it.
    """
    rows, expected_seq = 0, since
    prev_hash: str | None = "" if since == 1 else None  # None: the first row's own prev_hash, on trust
    anchor_seen = anchor is None or anchor[0] < since
    walk = (AuditEvent.objects.filter(seq__gte=since).order_by("seq")
            .values_list("id", "prev_hash", "row_hash", *CHAIN_FIELDS, named=True))

    def broken(row, problem: str) -> ChainReport:
        return ChainReport(rows, expected_seq - 1, prev_hash, ChainBreak(row.id, row.seq, row.at, problem))

    for row in walk.iterator(chunk_size=chunk_size):
        if prev_hash is None:
            prev_hash = row.prev_hash
        if row.seq != expected_seq:
            missing = (f"row {expected_seq} is missing" if row.seq == expected_seq + 1
                       else f"rows {expected_seq}–{row.seq - 1} are missing")
            after = f"follows seq {expected_seq - 1}" if expected_seq > 1 else "is the first row"
            return broken(row, f"gap: seq {row.seq} {after}; {missing} (deleted)")
        if row.prev_hash != prev_hash:
            before = f"row seq {expected_seq - 1}'s hash is {prev_hash}" if prev_hash else "row 1 has none"
            return broken(row, f"previous hash mismatch: the row carries {row.prev_hash or 'none'} but {before} "
                               f"(a row before it was changed, removed or inserted)")
        if row_digest(prev_hash, row) != row.row_hash:
            return broken(row, "hash mismatch: the row's fields do not give its stored hash (it was changed after "
                               "it was written, or written by something other than the portal)")
        if anchor and row.seq == anchor[0]:
            if row.row_hash != anchor[1]:
                return broken(row, f"anchor mismatch: the hash recorded for seq {anchor[0]} was {anchor[1]}, the "
                                   f"row now has {row.row_hash} (the chain was rewritten up to here)")
            anchor_seen = True
        rows, expected_seq, prev_hash = rows + 1, expected_seq + 1, row.row_hash
    prev_hash = prev_hash or ""
    if not anchor_seen:
        return ChainReport(rows, expected_seq - 1, prev_hash, ChainBreak(
            None, None, None, f"anchor missing: the chain ends at seq {expected_seq - 1}, but seq {anchor[0]} was "
                              f"recorded earlier (rows were removed from the end)"))
    return ChainReport(rows, expected_seq - 1, prev_hash, None)
