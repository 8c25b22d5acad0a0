"""The audit trail is a hash chain (core.audit): every row carries the hash of the one before, so a row that
is changed, removed or slipped in afterwards is found by `manage.py audit_verify`, which names the first broken
link. The forgeries below go around the portal (raw SQL; on PostgreSQL as the superuser the tests connect as, with
the triggers silenced), as someone with more rights than the portal's own database login would."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from core.audit import audit_log, canonical_json, chain_verify, row_digest
from core.models import AuditEvent
from tests.conftest import require
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
TABLE = AuditEvent._meta.db_table


def _chain(cast, count: int = 4) -> list[AuditEvent]:
    return [audit_log(cast.organization, action="organization.updated", actor=cast.owner if i % 2 else None,
                      from_state="a", to_state="b", note=f"change {i}", data={"fields": ["name"], "round": i})
            for i in range(1, count + 1)]


def _tamper(sql: str, params=()) -> None:
    """Raw SQL past the audit table's triggers: on PostgreSQL with session_replication_role = replica (superuser
    only), on SQLite there are none."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def _verify(*args: str) -> str:
    """audit_verify's answer: its output when the chain holds, its error when not."""
    try:
        out = StringIO()
        call_command("audit_verify", *args, stdout=out)
        return out.getvalue()
    except CommandError as error:
        assert error.returncode == 1
        return f"BROKEN {error}"


# --- writing --------------------------------------------------------------------------------------------------------


def test_each_row_carries_the_hash_of_the_one_before(cast):
    events = _chain(cast)
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [row.seq for row in rows] == [1, 2, 3, 4]
    assert [row.pk for row in rows] == [event.pk for event in events]
    assert rows[0].prev_hash == ""
    for before, row in zip(rows, rows[1:]):
        assert row.prev_hash == before.row_hash
    for row in rows:
        assert row.row_hash == row_digest(row.prev_hash, row)  # as read back from the database
        assert len(row.row_hash) == 64
    assert [row.at for row in rows] == sorted(row.at for row in rows)
    assert rows[0].actor_id == cast.owner.pk and rows[1].actor_id is None
    assert rows[1].row_hash == hashlib.sha256((rows[0].row_hash + canonical_json({
        "seq": 2, "at": rows[1].at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"),
        "actor": None, "action": "organization.updated", "object_type": "providers.organization",
        "object_id": str(cast.organization.pk), "from_state": "a", "to_state": "b", "note": "change 2",
        "data": {"fields": ["name"], "round": 2},
    })).encode()).hexdigest()


def test_data_the_database_rewrites_still_verifies(cast):
    """jsonb reorders keys, keeps numbers as decimals (1e16 comes back as 10000000000000000), has no -0; tuples and
    number keys become lists and strings. The hash is of the value, so none of that breaks the chain."""
    data = {"zeta": 1, "alpha": [1.5, 1e16, -0.0, 0.1 + 0.2, 123456789012345678901234567890, True, None],
            "nested": {"b": {"y": "ћирилица \u2028", "x": 2.50}, "a": ()}, 7: "number key"}
    event = audit_log(cast.organization, action="organization.updated", note="line\r\nnext", data=data)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.data["7"] == "number key" and stored.data["nested"]["a"] == []
    assert row_digest(stored.prev_hash, stored) == stored.row_hash
    assert chain_verify().ok


def test_canonical_json_is_independent_of_key_order_and_number_form():
    assert canonical_json({"b": [1.5, 100, 2.0, "ć"], "a": {"d": None, "c": True}}) == \
        '{"a":{"c":true,"d":null},"b":[15e-1,1e2,2,"ć"]}'
    assert canonical_json(1e16) == canonical_json(10000000000000000) == "1e16"
    assert canonical_json(-0.0) == canonical_json(0) == "0"
    assert canonical_json(0.30000000000000004) == "30000000000000004e-17"
    assert canonical_json({"a": 1, "b": 2}) == canonical_json({"b": 2, "a": 1})
    assert canonical_json("1") != canonical_json(1)
    with pytest.raises(ValueError):
        canonical_json(float("nan"))


def test_audit_log_outside_a_transaction_is_chained_too(db):
    user = UserFactory()
    with transaction.atomic():
        audit_log(user, action="user.registered", actor=user)
    audit_log(user, action="user.registered", actor=user)  # autocommit-style call, like a logged page view
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2]
    assert chain_verify().ok


def test_a_rolled_back_row_leaves_no_gap(cast):
    audit_log(cast.organization, action="organization.updated", note="kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_log(cast.organization, action="organization.updated", note="rolled back")
        raise RuntimeError
    audit_log(cast.organization, action="organization.updated", note="kept too")
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "note")) == [(1, "kept"), (2, "kept too")]
    assert chain_verify().ok


# --- verifying ------------------------------------------------------------------------------------------------------


def test_an_intact_chain_verifies_with_its_row_count_and_head(cast):
    events = _chain(cast, 5)
    assert _verify() == f"Audit chain intact: 5 rows. Head: 5:{events[-1].row_hash}\n"
    assert _verify("--head", f"3:{events[2].row_hash}", "--chunk-size", "2").startswith("Audit chain intact: 5 rows")


def test_an_empty_trail_verifies(db):
    assert _verify() == "Audit chain intact: the audit trail is empty.\n"


def test_a_forged_back_dated_row_with_a_made_up_hash_is_caught_and_named(cast):
    events = _chain(cast)
    with connection.cursor() as cursor:  # INSERT is what the portal's own login may do: no trigger to get past
        cursor.execute(
            f"INSERT INTO {TABLE} (seq, at, action, object_type, object_id, from_state, to_state, note, data, "
            f"prev_hash, row_hash) VALUES (%s, %s, %s, %s, %s, '', '', %s, %s, %s, %s)",
            [5, connection.ops.adapt_datetimefield_value(dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.timezone.utc)),
             "accreditation.granted",
             "applications.accreditation", "999", "granted long ago", "{}", events[-1].row_hash,
             hashlib.sha256(b"made up").hexdigest()])
    forged = AuditEvent.objects.get(seq=5)
    answer = _verify()
    assert answer.startswith(f"BROKEN Audit chain BROKEN after 4 intact rows: row id {forged.pk} (seq 5, at "
                             f"2024-03-01T09:00:00+00:00): hash mismatch")


def test_a_row_slipped_in_between_others_is_caught_where_the_chain_breaks(cast):
    """The forger renumbers the later rows and gives the back-dated row a correct hash of its own: the row after
    it still carries the hash of the row that used to come before."""
    first, second, third, fourth = _chain(cast)
    for row in (fourth, third):
        _tamper(f"UPDATE {TABLE} SET seq = seq + 1 WHERE id = %s", [row.pk])
    forged = AuditEvent(seq=3, at=second.at + dt.timedelta(microseconds=1), action="accreditation.granted",
                        object_type="applications.accreditation", object_id="999", note="granted after all",
                        data={}, prev_hash=second.row_hash)
    forged.row_hash = row_digest(forged.prev_hash, forged)
    AuditEvent.objects.bulk_create([forged])  # going around audit_log, as raw SQL would
    report = chain_verify()
    assert not report.ok
    assert (report.rows, report.broken.id, report.broken.seq) == (3, third.pk, 4)
    assert report.broken.problem.startswith(f"previous hash mismatch: the row carries {second.row_hash} but row seq "
                                            f"3's hash is {forged.row_hash}")
    assert f"rows: row id {third.pk} (seq 4, " in _verify()


def test_a_changed_note_is_caught_and_named(cast):
    events = _chain(cast)
    _tamper(f"UPDATE {TABLE} SET note = %s WHERE id = %s", ["nothing to see", events[1].pk])
    report = chain_verify()
    assert (report.rows, report.broken.id, report.broken.seq) == (1, events[1].pk, 2)
    assert report.broken.problem.startswith("hash mismatch")


def test_a_deleted_row_in_the_middle_is_caught(cast):
    events = _chain(cast)
    _tamper(f"DELETE FROM {TABLE} WHERE id = %s", [events[1].pk])
    answer = _verify()
    assert f"rows: row id {events[2].pk} (seq 3, " in answer
    assert "gap: seq 3 follows seq 1; row 2 is missing (deleted)" in answer


def test_a_deleted_first_row_is_caught(cast):
    events = _chain(cast)
    _tamper(f"DELETE FROM {TABLE} WHERE id IN (%s, %s)", [events[0].pk, events[1].pk])
    report = chain_verify()
    assert report.broken.id == events[2].pk
    assert report.broken.problem == "gap: seq 3 is the first row; rows 1–2 are missing (deleted)"


def test_a_recomputed_chain_or_a_cut_tail_is_caught_by_a_recorded_head(cast):
    events = _chain(cast)
    head = f"4:{events[-1].row_hash}"
    _tamper(f"UPDATE {TABLE} SET note = %s WHERE id = %s", ["rewritten", events[2].pk])
    prev_hash = events[1].row_hash
    for event in AuditEvent.objects.filter(seq__gte=3).order_by("seq"):  # the forger recomputes the rest
        row_hash = row_digest(prev_hash, event)
        _tamper(f"UPDATE {TABLE} SET prev_hash = %s, row_hash = %s WHERE id = %s", [prev_hash, row_hash, event.pk])
        prev_hash = row_hash
    assert chain_verify().ok  # a chain alone cannot tell
    assert f"rows: row id {events[3].pk} (seq 4, " in _verify("--head", head)
    assert "anchor mismatch" in _verify("--head", head)
    _tamper(f"DELETE FROM {TABLE} WHERE seq = 4")
    assert _verify("--head", head).endswith("anchor missing: the chain ends at seq 3, but seq 4 was recorded "
                                            "earlier (rows were removed from the end). See docs/operations.md, "
                                            "“When the audit chain breaks”.")


def test_after_a_recorded_break_the_rows_after_it_are_still_checked(cast):
    events = _chain(cast, 6)
    _tamper(f"DELETE FROM {TABLE} WHERE id = %s", [events[2].pk])  # seq 3: investigated and written down
    assert "gap: seq 4 follows seq 2" in _verify()
    assert _verify("--since", "4") == f"Audit chain intact from seq 4: 3 rows. Head: 6:{events[-1].row_hash}\n"
    assert _verify("--since", "4", "--head", f"4:{events[3].row_hash}").startswith("Audit chain intact from seq 4")
    _tamper(f"UPDATE {TABLE} SET note = %s WHERE id = %s", ["later change", events[4].pk])
    assert f"rows: row id {events[4].pk} (seq 5, " in _verify("--since", "4")


def test_audit_verify_refuses_malformed_arguments(db):
    with pytest.raises(CommandError, match="--head must be SEQ:HASH"):
        call_command("audit_verify", "--head", "4:abc")
    with pytest.raises(CommandError, match="lies before --since 5"):
        call_command("audit_verify", "--since", "5", "--head", f"4:{'a' * 64}")


# --- concurrency (PostgreSQL) ---------------------------------------------------------------------------------------


@pytest.mark.services
def test_concurrent_writers_still_make_one_chain(transactional_db):
    """Two connections write audit rows at the same moment, each holding its transaction open a little after
    writing: the advisory lock makes the second wait for the first's commit, so neither chains onto a stale head
    (without it, the unique seq would make one of them fail)."""
    require("postgres")
    user = UserFactory()
    rounds, barrier, errors = 15, threading.Barrier(2), []

    def writer(name: str) -> None:
        try:
            barrier.wait()
            for i in range(rounds):
                with transaction.atomic():
                    audit_log(user, action="user.registered", note=f"{name} {i}")
                    threading.Event().wait(0.002)  # the rest of the caller's transaction
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert AuditEvent.objects.count() == 2 * rounds
    notes = set(AuditEvent.objects.values_list("note", flat=True))
    assert notes == {f"{name} {i}" for name in ("left", "right") for i in range(rounds)}
    report = chain_verify()
    assert (report.ok, report.rows) == (True, 2 * rounds)


# --- the migration chains existing rows -----------------------------------------------------------------------------


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


LEGACY_ROWS = [  # as 0003 left them: no seq, no hashes; data as stored (jsonb reorders keys and rewrites 1e16)
    ("2026-01-10 08:00:00.123456+00", "user.registered", "accounts.user", "1", "", "", "", '{"b": 1, "a": [1e16]}'),
    ("2026-01-11 09:30:00+00", "organization.updated", "providers.organization", "2", "", "", "two\r\nlines",
     '{"fields": ["name", "pib"]}'),
    ("2026-01-12 10:00:00.5+00", "application.transition", "applications.application", "3", "draft", "submitted",
     "", "{}"),
]


def test_the_migration_chains_existing_rows_on_sqlite(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'legacy.sqlite3'}", "VAR_DIR": str(tmp_path)}
    result = _manage("migrate", "noks_portal", "0003", "--noinput", **env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "legacy.sqlite3") as db:
        db.executemany(f"INSERT INTO {TABLE} (at, action, object_type, object_id, from_state, to_state, note, data) "
                       f"VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(row[0][:-3], *row[1:]) for row in LEGACY_ROWS])
    result = _manage("migrate", "noks_portal", "--noinput", **env)
    assert result.returncode == 0, result.stderr
    result = _manage("audit_verify", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Audit chain intact: 3 rows. Head: 3:")


@pytest.mark.services
def test_the_migration_chains_existing_rows_on_postgresql():
    """0004 on PostgreSQL updates rows the append-only trigger protects: it switches the trigger off for its own
    transaction only, and on again."""
    require("postgres")
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"noks_chain_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"{base}/{name}"
        result = _manage("migrate", "noks_portal", "0003", "--noinput", DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
        with psycopg.connect(url) as db:
            db.cursor().executemany(
                f"INSERT INTO {TABLE} (at, action, object_type, object_id, from_state, to_state, note, data) "
                f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", LEGACY_ROWS)
        result = _manage("migrate", "noks_portal", "--noinput", DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
        result = _manage("audit_verify", DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Audit chain intact: 3 rows. Head: 3:")
        with psycopg.connect(url) as db:
            enabled = db.execute("SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = %s::regclass "
                                 "AND NOT tgisinternal ORDER BY tgname", [TABLE]).fetchall()
        assert enabled == [("noks_audit_append_only", "O"), ("noks_audit_no_truncate", "O")]
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_admin_lists_audit_rows_with_their_sequence_numbers(client, cast):
    events = _chain(cast, 2)
    client.force_login(cast.admin)
    page = client.get("/sr/admin/noks_portal/auditevent/").content.decode()
    for event in events:  # the first column, linking to the (read-only) row
        assert f'<th class="field-seq"><a href="/sr/admin/noks_portal/auditevent/{event.pk}/change/">{event.seq}</a>' \
            in page
