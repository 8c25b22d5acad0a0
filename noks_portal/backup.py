"""Backup sets of the portal, shared by `manage.py backup` (writes one) and `manage.py restore` (puts one back and
checks it against its manifest); see docs/operations.md.

A set is a directory noks-backup-<UTC time, e.g. 20260115T023000Z>/ holding

    manifest.json      format version, creation time (UTC), migration heads per app, row counts per table,
                       the sha256 of every uploaded file and of the two files below
    database.dump      PostgreSQL: `pg_dump --format=custom --no-owner --no-privileges` (for pg_restore)
    database.sqlite3   SQLite: a copy made with SQLite's online backup API
    media.tar.gz       MEDIA_ROOT: uploaded evidence and rendered PDFs

On PostgreSQL the row counts and the dump come from one snapshot (pg_dump --snapshot), so they agree even while the
portal is writing. The set is written under a hidden name and renamed when complete: a set whose directory carries
the final name is whole. Directory and files are readable by their owner only (they hold personal data).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.db.utils import ConnectionHandler

FORMAT = "noks-portal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
SET_PREFIX = "noks-backup-"
SET_NAME = re.compile(r"^noks-backup-(\d{8}T\d{6}Z)(?:-(\d+))?$")
CHUNK = 1024 * 1024


# --- shared with restore -------------------------------------------------------------------------------------------

@contextlib.contextmanager
def open_database(alias: str = DEFAULT_DB_ALIAS, url: str | None = None) -> Iterator[BaseDatabaseWrapper]:
    """A connection to the database of `url` (postgres://…, sqlite:///…) or of the alias `alias`.

    PostgreSQL gets a connection of its own (the backup holds a snapshot transaction on it); SQLite uses the alias'
    connection, since an in-memory database exists only as long as that connection.
    """
    if url:
        try:
            config = dj_database_url.parse(url)
        except (ValueError, KeyError) as error:
            raise CommandError(f"--database-url is not a database URL Django understands: {error}") from error
        wrapper, owned = database_wrapper(config), True
    else:
        if alias not in connections:
            raise CommandError(f"There is no database alias {alias!r} in settings.DATABASES.")
        owned = connections[alias].vendor != "sqlite"
        wrapper = connections.create_connection(alias) if owned else connections[alias]
    if wrapper.vendor not in DATABASE_FILES:
        raise CommandError(f"Backups support PostgreSQL and SQLite, not {wrapper.vendor}.")
    try:
        yield wrapper
    finally:
        if owned:
            wrapper.close()


def add_database_arguments(parser, verb: str) -> None:
    """--database ALIAS | --database-url URL, for the command that does ``verb`` (back up, restore into) to them."""
    parser.add_argument("--database", default=DEFAULT_DB_ALIAS, metavar="ALIAS",
                        help="database alias in settings.DATABASES (default: %(default)s)")
    parser.add_argument("--database-url", metavar="URL",
                        help=f"{verb} this database instead of an alias (postgres://…, sqlite:///…)")


def differences(what: str, expected: dict, found: dict, *, changed, amount=None) -> list[str]:
    """What differs between the manifest's ``expected`` and the ``found`` {name: value} of one kind (``what``):
    missing, not in the backup, or changed (``changed(value_found, value_expected)`` says how); ``amount(value)``,
    when given, tells the size of what is missing or extra."""
    problems = []
    for name in sorted(set(expected) | set(found)):
        if name not in found:
            size = f" (the backup has {amount(expected[name])})" if amount else ""
            problems.append(f"{what} {name}: missing{size}")
        elif name not in expected:
            size = f" ({amount(found[name])})" if amount else ""
            problems.append(f"{what} {name}: not in the backup{size}")
        elif found[name] != expected[name]:
            problems.append(f"{what} {name}: {changed(found[name], expected[name])}")
    return problems


def database_wrapper(config: dict) -> BaseDatabaseWrapper:
    """A new connection (not yet open) for a DATABASES entry, with Django's defaults filled in."""
    return ConnectionHandler({DEFAULT_DB_ALIAS: config})[DEFAULT_DB_ALIAS]


def describe(wrapper: BaseDatabaseWrapper) -> str:
    """The database for messages, without its password."""
    config = wrapper.settings_dict
    if wrapper.vendor == "sqlite":
        return f"SQLite {config['NAME']}"
    host = config.get("HOST") or "local socket"
    return f"PostgreSQL {config.get('NAME')} on {host}:{config.get('PORT') or 5432}"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def count_rows(wrapper: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows per table (the tables Django sees: the search path on PostgreSQL), sorted by table name."""
    with wrapper.cursor() as cursor:
        counts = {}
        for table in sorted(wrapper.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def migration_heads(wrapper: BaseDatabaseWrapper) -> dict[str, str]:
    """The last applied migration of each app, from django_migrations (names start with their number)."""
    with wrapper.cursor() as cursor:
        if "django_migrations" not in wrapper.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations")
        heads: dict[str, str] = {}
        for app, name in cursor.fetchall():
            heads[app] = max(heads.get(app, name), name)
        return dict(sorted(heads.items()))


def hash_tree(root: Path) -> tuple[dict[str, str], list[str]]:
    """sha256 of every regular file under root by its relative POSIX path, and what was left out (links, devices)."""
    files: dict[str, str] = {}
    skipped: list[str] = []
    for path, rel in walk_files(root, skipped):
        files[rel] = sha256_file(path)
    return files, skipped


def walk_files(root: Path, skipped: list[str]) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        base = Path(dirpath)
        for name in list(dirnames):
            if (base / name).is_symlink():
                dirnames.remove(name)
                skipped.append((base / name).relative_to(root).as_posix())
        dirnames.sort()
        for name in sorted(filenames):
            path = base / name
            rel = path.relative_to(root).as_posix()
            if stat.S_ISREG(path.lstat().st_mode):
                yield path, rel
            else:
                skipped.append(rel)


def postgres_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise CommandError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools of the server's major version or "
            f"newer (Debian: apt-get install postgresql-client) or put their directory first on PATH."
        )
    return path


def postgres_environment(config: dict) -> dict[str, str]:
    """The environment for pg_dump / pg_restore: connection settings as PG* variables, the password never in argv."""
    _, extra = PostgresClient.settings_to_cmd_args_env(config, [])
    env = {**os.environ, **(extra or {})}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if config.get(key):
            env[variable] = str(config[key])
    return env


def run_tool(argv: list[str], *, env: dict[str, str], what: str) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    except OSError as error:
        raise CommandError(f"{what} could not be started: {error}") from error
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip() or "no message"
        raise CommandError(f"{what} failed (exit code {result.returncode}): {detail}")
    return result


def set_order(path: Path) -> tuple[str, int]:
    """Oldest first: by the time in the name, then by the -2, -3 … of sets made within the same second."""
    match = SET_NAME.match(path.name)
    return match[1], int(match[2] or 1)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# --- the command ---------------------------------------------------------------------------------------------------

class HashingReader:
    """Hands a file to tarfile and hashes exactly the bytes that went into the archive."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data
