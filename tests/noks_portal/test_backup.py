"""Backups (issue 9): a set written by `manage.py backup` restores into an empty database and an empty MEDIA_ROOT
with every row and every byte; a damaged or unsafe set, or a target that is not empty, is refused with exit code 1.

The SQLite path runs on every engine (hand-made database files through --database-url, and the scripts in a
subprocess); the portal's own database makes the round trip on the engine the tests run on: SQLite here, and
PostgreSQL (pg_dump / pg_restore into a second, empty database on the same server) as a service test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import REQUIRE_SERVICES, require

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SOURCE_FILES = {
    "documents/1/dokaz.pdf": PDF,
    "official/2026/Р-2026-00001-ћирилица.pdf": PDF + "Решење".encode(),
    "submissions/3/large.bin": bytes(range(256)) * 800,
    "submissions/3/empty.bin": b"",
}
MIGRATIONS = [("accounts", "0001_initial"), ("accounts", "0002_second"), ("providers", "0001_initial")]

pytestmark = pytest.mark.django_db


# --- helpers -------------------------------------------------------------------------------------------------------

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under root by relative POSIX path, with its bytes."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _write_tree(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _digest_rows(rows) -> tuple[int, str]:
    """Row count and a checksum of the content that does not depend on the order rows come back in."""
    lines = sorted(repr(tuple(row)) for row in rows)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _sqlite_tables(path: Path | str) -> dict[str, tuple[int, str]]:
    """Count and checksum of every table, read without type conversion (the values as SQLite stores them)."""
    with contextlib.closing(sqlite3.connect(str(path), uri=True)) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: _digest_rows(conn.execute(f'SELECT * FROM "{name}"')) for name in names}


def _make_sqlite_source(path: Path) -> None:
    """A small database with what a dump can get wrong: Cyrillic text, blobs, NULLs, floats, an autoincrement
    sequence, an index, a view and an empty table."""
    with sqlite3.connect(path) as conn:
        conn.executescript("""
            CREATE TABLE django_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, app TEXT, name TEXT, applied TEXT);
            CREATE TABLE people (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, photo BLOB,
                                 score REAL, note TEXT);
            CREATE INDEX people_name ON people (name);
            CREATE TABLE nothing_yet (id INTEGER PRIMARY KEY);
            CREATE VIEW people_with_notes AS SELECT * FROM people WHERE note IS NOT NULL;
        """)
        conn.executemany("INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, '2026-01-15')", MIGRATIONS)
        conn.executemany(
            "INSERT INTO people (name, photo, score, note) VALUES (?, ?, ?, ?)",
            [(f"Љубица Ђурђевић {n}", os.urandom(n % 50) or None, n / 7, None if n % 3 else f"напомена {n}")
             for n in range(300)],
        )
        conn.execute("DELETE FROM people WHERE id = 300")  # the sequence stays ahead of the last row


def _backup(to: Path, **options) -> Path:
    out = io.StringIO()
    call_command("backup", to=str(to), stdout=out, stderr=io.StringIO(), **options)
    return Path(out.getvalue().strip().splitlines()[-1])


def _restore(set_dir: Path, **options) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("restore", set_dir=str(set_dir), stdout=out, stderr=err, **options)
    except CommandError as error:
        error.stderr = err.getvalue()
        raise
    return out.getvalue()


def _manifest(set_dir: Path) -> dict:
    return json.loads((set_dir / "manifest.json").read_text(encoding="utf-8"))


def _rewrite_manifest(set_dir: Path, change) -> None:
    manifest = _manifest(set_dir)
    change(manifest)
    (set_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def sqlite_set(tmp_path, settings):
    """A set made from a hand-made SQLite database and a MEDIA_ROOT, and an empty target for each."""
    source_db, source_media = tmp_path / "source.sqlite3", tmp_path / "source-media"
    _make_sqlite_source(source_db)
    _write_tree(source_media, SOURCE_FILES)
    settings.MEDIA_ROOT = source_media
    set_dir = _backup(tmp_path / "sets", database_url=f"sqlite:///{source_db}")
    target_db, target_media = tmp_path / "target.sqlite3", tmp_path / "target-media"
    settings.MEDIA_ROOT = target_media
    return SimpleNamespace(set_dir=set_dir, source_db=source_db, source_media=source_media, target_db=target_db,
                           target_media=target_media, target_url=f"sqlite:///{target_db}")


# --- SQLite sets, on every engine ----------------------------------------------------------------------------------

def test_backup_set_describes_the_database_and_every_file(sqlite_set):
    manifest = _manifest(sqlite_set.set_dir)

    assert re.fullmatch(r"noks-backup-\d{8}T\d{6}Z", sqlite_set.set_dir.name)
    assert sorted(path.name for path in sqlite_set.set_dir.iterdir()) == [
        "database.sqlite3", "manifest.json", "media.tar.gz"]
    assert manifest["format"] == "noks-portal-backup"
    assert manifest["format_version"] == 1
    created = dt.datetime.strptime(manifest["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(minutes=1)
    assert sqlite_set.set_dir.name == "noks-backup-" + created.strftime("%Y%m%dT%H%M%SZ")
    assert manifest["migration_heads"] == {"accounts": "0002_second", "providers": "0001_initial"}
    assert manifest["tables"] == {"django_migrations": 3, "nothing_yet": 0, "people": 299}
    assert manifest["database"]["vendor"] == "sqlite"
    assert manifest["database"]["sha256"] == _sha((sqlite_set.set_dir / "database.sqlite3").read_bytes())
    assert manifest["media"]["sha256"] == _sha((sqlite_set.set_dir / "media.tar.gz").read_bytes())
    assert manifest["media"]["files"] == {rel: _sha(data) for rel, data in SOURCE_FILES.items()}
    assert _sqlite_tables(sqlite_set.set_dir / "database.sqlite3") == _sqlite_tables(sqlite_set.source_db)
    assert oct(sqlite_set.set_dir.stat().st_mode & 0o777) == "0o700"  # personal data: the owner only
    assert not list((sqlite_set.set_dir.parent).glob(".*partial"))


def test_sqlite_set_restores_into_an_empty_database_with_every_row_and_file(sqlite_set):
    output = _restore(sqlite_set.set_dir, database_url=sqlite_set.target_url)

    assert _sqlite_tables(sqlite_set.target_db) == _sqlite_tables(sqlite_set.source_db)
    assert _tree(sqlite_set.target_media) == SOURCE_FILES
    assert "3 tables, 302 rows, 4 files, all equal" in output
    with sqlite3.connect(sqlite_set.target_db) as conn:  # the schema came along: view, index, the sequence
        assert conn.execute("SELECT COUNT(*) FROM people_with_notes").fetchone()[0] == 100
        assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall() == [("people_name",)]
        conn.execute("INSERT INTO people (name) VALUES ('нова')")
        assert conn.execute("SELECT MAX(id) FROM people").fetchone()[0] == 301


@pytest.mark.parametrize("damaged", ["media.tar.gz", "database.sqlite3"])
def test_restore_refuses_a_set_with_one_byte_changed(sqlite_set, damaged):
    path = sqlite_set.set_dir / damaged
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))

    with pytest.raises(CommandError, match=rf"damaged: {re.escape(damaged)} has sha256") as refused:
        _restore(sqlite_set.set_dir, database_url=sqlite_set.target_url)

    assert refused.value.returncode == 1
    assert "Nothing was restored" in str(refused.value)
    assert not sqlite_set.target_db.exists()
    assert not sqlite_set.target_media.exists()


def _tamper_archive(set_dir: Path, add) -> None:
    """Rebuild media.tar.gz with one good file plus what `add` puts in, and make the manifest agree with it, so
    that only the member check stands between the archive and the disk."""
    archive = set_dir / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        good = tarfile.TarInfo("documents/1/dokaz.pdf")
        good.size = len(PDF)
        tar.addfile(good, io.BytesIO(PDF))
        add(tar)

    def agree(manifest):
        manifest["media"]["sha256"] = _sha(archive.read_bytes())
        manifest["media"]["files"] = {"documents/1/dokaz.pdf": _sha(PDF)}

    _rewrite_manifest(set_dir, agree)


def _file_member(name: str):
    def add(tar):
        info = tarfile.TarInfo(name)
        info.size = 5
        tar.addfile(info, io.BytesIO(b"owned"))
    return add


def _link_member(name: str, kind: bytes, target: str):
    def add(tar):
        info = tarfile.TarInfo(name)
        info.type, info.linkname = kind, target
        tar.addfile(info)
    return add


@pytest.mark.parametrize("member, reason", [
    (_file_member("../evil"), r"a path that leaves the directory \(\.\.\)"),
    (_file_member("documents/../../evil"), r"a path that leaves the directory \(\.\.\)"),
    (_file_member("/tmp/noks-backup-test-evil"), "an absolute path"),
    (_link_member("documents/passwd", tarfile.SYMTYPE, "/etc/passwd"), "a symbolic link"),
    (_link_member("documents/hard", tarfile.LNKTYPE, "documents/1/dokaz.pdf"), "a hard link"),
], ids=["parent", "nested-parent", "absolute", "symlink", "hardlink"])
def test_restore_refuses_an_archive_with_an_unsafe_member(sqlite_set, member, reason):
    _tamper_archive(sqlite_set.set_dir, member)

    with pytest.raises(CommandError, match=f"Refused: media.tar.gz holds .*, {reason}") as refused:
        _restore(sqlite_set.set_dir, database_url=sqlite_set.target_url)

    assert refused.value.returncode == 1
    assert not (sqlite_set.target_media.parent / "evil").exists()
    assert not Path("/tmp/noks-backup-test-evil").exists()
    assert not sqlite_set.target_media.exists()
    assert not sqlite_set.target_db.exists()  # refused before the database was touched


def test_restore_refuses_a_database_that_has_tables_unless_yes(sqlite_set):
    _restore(sqlite_set.set_dir, database_url=sqlite_set.target_url)
    with sqlite3.connect(sqlite_set.target_db) as conn:
        conn.execute("DELETE FROM people WHERE id <= 10")
    (sqlite_set.target_media / "uploaded-after.pdf").write_bytes(PDF)
    changed = _sqlite_tables(sqlite_set.target_db)

    with pytest.raises(CommandError, match=r"Refused: SQLite .*target\.sqlite3 is not empty \(4 tables") as refused:
        _restore(sqlite_set.set_dir, database_url=sqlite_set.target_url)

    assert refused.value.returncode == 1
    assert "--yes" in str(refused.value)
    assert _sqlite_tables(sqlite_set.target_db) == changed  # untouched
    assert (sqlite_set.target_media / "uploaded-after.pdf").exists()

    output = _restore(sqlite_set.set_dir, database_url=sqlite_set.target_url, yes=True)

    assert "all equal" in output
    assert _sqlite_tables(sqlite_set.target_db) == _sqlite_tables(sqlite_set.source_db)
    assert _tree(sqlite_set.target_media) == SOURCE_FILES


def test_restore_refuses_a_non_empty_media_root_unless_yes(sqlite_set):
    _write_tree(sqlite_set.target_media, {"left-over.pdf": PDF})

    with pytest.raises(CommandError, match="Refused: MEDIA_ROOT .* is not empty .*left-over.pdf"):
        _restore(sqlite_set.set_dir, database_url=sqlite_set.target_url)

    assert not sqlite_set.target_db.exists()
    _restore(sqlite_set.set_dir, database_url=sqlite_set.target_url, yes=True)
    assert _tree(sqlite_set.target_media) == SOURCE_FILES


def test_restore_reports_every_difference_from_the_manifest(sqlite_set):
    """The check after the restore compares: a manifest that promises more than the set holds fails it."""
    def promise_more(manifest):
        manifest["tables"]["people"] = 300
        manifest["tables"]["accreditations"] = 4
        manifest["migration_heads"]["accounts"] = "0003_third"

    _rewrite_manifest(sqlite_set.set_dir, promise_more)

    with pytest.raises(CommandError, match=r"differs from the manifest in 3 place") as failed:
        _restore(sqlite_set.set_dir, database_url=sqlite_set.target_url)

    assert failed.value.returncode == 1
    assert "table people: 299 rows, the backup has 300" in failed.value.stderr
    assert "table accreditations: missing (the backup has 4 rows)" in failed.value.stderr
    assert "migration heads" in failed.value.stderr


def test_backup_keep_deletes_all_but_the_newest_sets(sqlite_set, settings):
    sets = sqlite_set.set_dir.parent
    (sets / "unrelated-folder").mkdir()
    made = [_backup(sets, database_url=f"sqlite:///{sqlite_set.source_db}", keep=2) for _ in range(3)]

    remaining = sorted(path.name for path in sets.iterdir())
    assert remaining == sorted([made[-2].name, made[-1].name, "unrelated-folder"])
    assert sqlite_set.set_dir.name not in remaining


def test_backup_without_pg_dump_says_so_and_leaves_nothing(tmp_path, monkeypatch):
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))

    with pytest.raises(CommandError, match="pg_dump was not found on PATH") as failed:
        _backup(tmp_path / "sets", database_url="postgres://nobody@127.0.0.1:1/nothing")

    assert failed.value.returncode == 1
    assert list((tmp_path / "sets").iterdir()) == []


def test_the_scripts_back_up_and_restore_and_exit_1_on_refusal(sqlite_set, tmp_path):
    """scripts/backup and scripts/restore as an operator runs them: configured by DATABASE_URL and MEDIA_ROOT."""
    env = {**os.environ, "VAR_DIR": str(tmp_path / "var"), "MEDIA_ROOT": str(sqlite_set.source_media),
           "DATABASE_URL": f"sqlite:///{sqlite_set.source_db}", "PYTHON": sys.executable}
    env.pop("REDIS_URL", None)
    def run(script: str, argument: Path) -> subprocess.CompletedProcess:
        return subprocess.run([ROOT / "scripts" / script, argument], env=env, capture_output=True, text=True,
                              timeout=120, check=False)

    backup = run("backup", tmp_path / "script-sets")
    assert backup.returncode == 0, backup.stderr
    set_dir = Path(backup.stdout.strip().splitlines()[-1])
    assert set_dir.parent == tmp_path / "script-sets"

    env.update(DATABASE_URL=sqlite_set.target_url, MEDIA_ROOT=str(sqlite_set.target_media))
    restore = run("restore", set_dir)
    assert restore.returncode == 0, restore.stderr
    assert _sqlite_tables(sqlite_set.target_db) == _sqlite_tables(sqlite_set.source_db)
    assert _tree(sqlite_set.target_media) == SOURCE_FILES

    again = run("restore", set_dir)
    assert again.returncode == 1
    assert "is not empty" in again.stderr


# --- the portal's own database -------------------------------------------------------------------------------------

def _populate(settings, media_root: Path) -> dict[str, bytes]:
    """Organizations, users, programs, documents and an audit trail, committed; returns the files it stored."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from core.audit import audit_log
    from core.reference_data import ensure_reference_data
    from tests.factories import OrganizationFactory, UserFactory, make_cast
    from tests.programs.factories import CompleteProgramFactory
    from tests.providers.records_factories import DocumentFactory

    settings.MEDIA_ROOT = media_root
    ensure_reference_data()
    cast = make_cast()
    UserFactory.create_batch(3)
    for organization in [*OrganizationFactory.create_batch(2), cast.organization]:
        CompleteProgramFactory.create_batch(2, organization=organization)
    DocumentFactory(organization=cast.organization, content=PDF)
    DocumentFactory(organization=cast.other_organization, content=PDF + b"% other\n")
    default_storage.save("official/2026/R-2026-00001-cyrl.pdf", ContentFile(PDF + "Решење".encode()))
    audit_log(cast.organization, action="organization.updated", actor=cast.owner, note="пре резервне копије")
    return _tree(media_root)


@pytest.mark.django_db(transaction=True)
def test_the_portal_database_on_sqlite_round_trips(settings, tmp_path):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the SQLite engine's round trip; PostgreSQL has its own below")
    files = _populate(settings, tmp_path / "media")
    original = _sqlite_tables(connection.settings_dict["NAME"])  # the in-memory test database, by its URI
    assert original["accounts_user"][0] == 10 and original["programs_program"][0] == 6
    assert len(files) == 3

    set_dir = _backup(tmp_path / "sets")
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    target = tmp_path / "restored.sqlite3"
    output = _restore(set_dir, database_url=f"sqlite:///{target}")

    assert "all equal" in output
    assert _sqlite_tables(target) == original
    assert _tree(tmp_path / "restored-media") == files


def _require_postgres_tools() -> None:
    """Like tests.conftest.require: skip without pg_dump / pg_restore, fail under REQUIRE_SERVICES=1."""
    missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
    if missing:
        reason = f"{' and '.join(missing)} not on PATH (apt-get install postgresql-client)"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)


def _conninfo(config: dict, dbname: str) -> dict:
    return {key: value for key, value in {
        "host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None,
        "password": config["PASSWORD"] or None, "dbname": dbname}.items() if value is not None}


@pytest.fixture
def empty_postgres_database():
    """A second, empty database on the test server: `<test database>_restore`, dropped afterwards."""
    require("postgres")
    _require_postgres_tools()
    import psycopg
    from django.db import connection
    from psycopg import sql

    config = connection.settings_dict
    name = f"{config['NAME']}_restore"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(**_conninfo(config, "postgres"), autocommit=True) as admin:
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = quote(config["USER"] or "", safe="") + (f":{quote(config['PASSWORD'], safe='')}"
                                                          if config["PASSWORD"] else "")
    url = f"postgres://{credentials}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"
    yield SimpleNamespace(url=url, conninfo=_conninfo(config, name))
    with psycopg.connect(**_conninfo(config, "postgres"), autocommit=True) as admin:
        admin.execute(drop)


def _postgres_tables(conninfo: dict) -> dict[str, tuple[int, str]]:
    import psycopg

    with psycopg.connect(**conninfo) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        return {table: _digest_rows(conn.execute(f'SELECT * FROM "{table}"').fetchall()) for table in tables}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_portal_database_on_postgresql_round_trips(settings, tmp_path, empty_postgres_database):
    import psycopg
    from django.db import connection

    assert connection.vendor == "postgresql"
    files = _populate(settings, tmp_path / "media")
    source = _conninfo(connection.settings_dict, connection.settings_dict["NAME"])
    original = _postgres_tables(source)
    with psycopg.connect(**source) as conn:
        last_user_id = conn.execute("SELECT last_value FROM accounts_user_id_seq").fetchone()[0]
    assert original["accounts_user"][0] == 10 and original["noks_portal_auditevent"][0] >= 1
    assert len(files) == 3

    set_dir = _backup(tmp_path / "sets")
    assert _manifest(set_dir)["database"]["vendor"] == "postgresql"
    assert (set_dir / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    output = _restore(set_dir, database_url=empty_postgres_database.url)

    assert "all equal" in output
    assert _postgres_tables(empty_postgres_database.conninfo) == original
    assert _tree(tmp_path / "restored-media") == files
    with psycopg.connect(**empty_postgres_database.conninfo) as restored:  # not only tables: triggers, sequences
        assert restored.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname").fetchall() == [
            ("noks_audit_append_only",), ("noks_audit_no_truncate",)]
        assert restored.execute("SELECT nextval('accounts_user_id_seq')").fetchone()[0] == last_user_id + 1

    with psycopg.connect(**empty_postgres_database.conninfo) as restored:
        restored.execute("UPDATE accounts_user SET first_name = 'после'")
        restored.execute("CREATE TABLE stray (id int)")
    with pytest.raises(CommandError, match="is not empty"):  # a second time, without --yes: refused, untouched
        _restore(set_dir, database_url=empty_postgres_database.url)
    assert _postgres_tables(empty_postgres_database.conninfo)["accounts_user"] != original["accounts_user"]

    with pytest.raises(CommandError, match="differs from the manifest in 1 place"):  # --yes: pg_restore --clean
        _restore(set_dir, database_url=empty_postgres_database.url, yes=True)
    replaced = _postgres_tables(empty_postgres_database.conninfo)
    assert replaced.pop("stray") == (0, _digest_rows([])[1])  # not the backup's: left alone, and reported
    assert replaced == original


@pytest.mark.services
def test_a_failing_pg_dump_is_reported_and_leaves_nothing(tmp_path, monkeypatch):
    require("postgres")
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\n[ "$1" = --version ] && { echo "pg_dump (PostgreSQL) 15"; exit 0; }\n'
                    'echo "pg_dump: error: the disk is full" >&2\nexit 1\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")

    with pytest.raises(CommandError, match=r"pg_dump failed \(exit code 1\): pg_dump: error: the disk is full"):
        _backup(tmp_path / "sets")

    assert list((tmp_path / "sets").iterdir()) == []
