"""Restore a backup set written by `manage.py backup`, then check the result against the set's manifest.

    manage.py restore --from SET [--yes] [--database ALIAS | --database-url URL]

1. Before anything is touched: the sha256 of the database file and of the media archive must match the manifest,
   and every member of the archive must be a plain file or directory inside MEDIA_ROOT (no absolute path, no `..`,
   no symbolic or hard link, no device) whose list of files is the manifest's. Otherwise: refused, exit code 1.
2. The target database must have no tables and MEDIA_ROOT no entries, unless --yes: then the database is cleaned
   (PostgreSQL: pg_restore --clean --if-exists; SQLite: replaced page by page) and MEDIA_ROOT emptied.
3. PostgreSQL: `pg_restore --no-owner --no-privileges --single-transaction` (all or nothing); SQLite: SQLite's
   backup API copies the set's database into the target. The files are extracted into MEDIA_ROOT.
4. The rows of every table, the migration heads and the sha256 of every file are compared with the manifest; any
   difference is listed and the command exits with code 1.

--database-url restores into another database than the configured one (e.g. a scratch database for a restore
drill); MEDIA_ROOT comes from the settings (the MEDIA_ROOT environment variable).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from noks_portal.backup import (
    DATABASE_FILES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_ARCHIVE,
    add_database_arguments,
    count_rows,
    describe,
    differences,
    hash_tree,
    migration_heads,
    open_database,
    postgres_environment,
    postgres_tool,
    run_tool,
    sha256_file,
)

NOTHING_DONE = "Nothing was restored."
MAX_LISTED = 40
REQUIRED = {"database": ("vendor", "file", "sha256"), "media": ("sha256", "files"), "tables": (),
            "migration_heads": ()}


def load_manifest(set_dir: Path) -> dict:
    path = set_dir / MANIFEST
    if not path.is_file():
        raise CommandError(f"{set_dir} is not a backup set: it has no {MANIFEST}. {NOTHING_DONE}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise CommandError(f"The backup set is damaged: {MANIFEST} cannot be read ({error}). {NOTHING_DONE}") \
            from error
    if not (isinstance(manifest, dict) and all(isinstance(manifest.get(key), dict) for key in REQUIRED)
            and all(key in manifest[section] for section, keys in REQUIRED.items() for key in keys)):
        raise CommandError(f"The backup set is damaged: {MANIFEST} lacks required entries. {NOTHING_DONE}")
    if manifest.get("format") != FORMAT:
        raise CommandError(f"{path} is not a manifest of a NOKS portal backup. {NOTHING_DONE}")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise CommandError(f"The set has format version {manifest.get('format_version')}; this code reads version "
                           f"{FORMAT_VERSION}. Restore it with the code version that wrote it. {NOTHING_DONE}")
    database, media = manifest["database"], manifest["media"]
    if DATABASE_FILES.get(database["vendor"]) != database["file"] or media.get("file", MEDIA_ARCHIVE) != MEDIA_ARCHIVE:
        raise CommandError(f"The backup set is damaged: unexpected file names in {MANIFEST}. {NOTHING_DONE}")
    return manifest


def check_checksums(set_dir: Path, manifest: dict) -> None:
    for name, expected in ((manifest["database"]["file"], manifest["database"]["sha256"]),
                           (MEDIA_ARCHIVE, manifest["media"]["sha256"])):
        path = set_dir / name
        if not path.is_file():
            raise CommandError(f"The backup set is damaged: {name} is missing. {NOTHING_DONE}")
        actual = sha256_file(path)
        if actual != expected:
            raise CommandError(f"The backup set is damaged: {name} has sha256 {actual}, the manifest says "
                               f"{expected}. {NOTHING_DONE}")


def unsafe_reason(member: tarfile.TarInfo) -> str | None:
    """Why this archive member must not be extracted, or None."""
    name = member.name
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    if ".." in re.split(r"[/\\]", name):
        return "a path that leaves the directory (..)"
    if member.issym():
        return "a symbolic link"
    if member.islnk():
        return "a hard link"
    if not (member.isfile() or member.isdir()):
        return "a special file"
    return None


def check_archive(path: Path, manifest: dict) -> None:
    """Every member is safe to extract, and the files are exactly those of the manifest."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = archive.getmembers()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise CommandError(f"The backup set is damaged: {MEDIA_ARCHIVE} cannot be read ({error}). {NOTHING_DONE}") \
            from error
    for member in members:
        reason = unsafe_reason(member)
        if reason:
            raise CommandError(f"Refused: {MEDIA_ARCHIVE} holds {member.name!r}, {reason}. {NOTHING_DONE}")
    names = {member.name for member in members if member.isfile()}
    expected = set(manifest["media"]["files"])
    if names != expected:
        missing, extra = sorted(expected - names), sorted(names - expected)
        raise CommandError(f"The backup set is damaged: {MEDIA_ARCHIVE} does not hold the manifest's files "
                           f"(missing: {missing[:5]}, not in the manifest: {extra[:5]}). {NOTHING_DONE}")


def existing_tables(wrapper: BaseDatabaseWrapper) -> list[str]:
    """Every table in the database (all schemas but the system ones on PostgreSQL)."""
    if (wrapper.vendor == "sqlite" and not wrapper.is_in_memory_db()
            and not Path(wrapper.settings_dict["NAME"]).exists()):
        return []  # connecting would create the file: a refusal must leave nothing behind
    with wrapper.cursor() as cursor:
        if wrapper.vendor == "postgresql":
            cursor.execute(
                "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1"
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [row[0] for row in cursor.fetchall()]


class Command(BaseCommand):
    help = ("Restore a backup set (database and uploaded files) into an empty database and MEDIA_ROOT, then "
            "compare rows and files with the set's manifest. --yes replaces what is there.")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="set_dir", required=True, metavar="SET",
                            help="the set's directory (…/noks-backup-<time>)")
        parser.add_argument("--yes", action="store_true",
                            help="replace the contents of a database that has tables and of a non-empty MEDIA_ROOT")
        add_database_arguments(parser, "restore into")

    def handle(self, *args, **options):
        set_dir = Path(options["set_dir"]).expanduser().absolute()
        replace = options["yes"]
        manifest = load_manifest(set_dir)
        check_checksums(set_dir, manifest)
        check_archive(set_dir / MEDIA_ARCHIVE, manifest)
        media_root = Path(settings.MEDIA_ROOT)
        with open_database(options["database"], options["database_url"]) as wrapper:
            target = describe(wrapper)
            vendor = manifest["database"]["vendor"]
            if wrapper.vendor != vendor:
                raise CommandError(f"The set holds a {vendor} database; {target} is {wrapper.vendor}. "
                                   f"{NOTHING_DONE}")
            self._refuse_unless_empty(wrapper, target, media_root, replace)
            try:
                if vendor == "postgresql":
                    self._restore_postgresql(wrapper, set_dir / manifest["database"]["file"], replace)
                else:
                    self._restore_sqlite(wrapper, set_dir / manifest["database"]["file"])
                self._restore_media(set_dir / MEDIA_ARCHIVE, media_root, replace)
                problems, summary = self._verify(wrapper, manifest, media_root)
            except DatabaseError as error:
                raise CommandError(f"Restoring into {target} failed: {error}") from error
        verbose = options["verbosity"] >= 1
        if verbose:
            self.stdout.write(f"Restored {set_dir.name} (made {manifest['created']}) into {target} and {media_root}.")
        if problems:
            for line in problems[:MAX_LISTED]:
                self.stderr.write(f"  {line}")
            if len(problems) > MAX_LISTED:
                self.stderr.write(f"  … and {len(problems) - MAX_LISTED} more")
            raise CommandError(f"The restored data differs from the manifest in {len(problems)} place(s) (listed "
                               f"above).")
        if verbose:
            self.stdout.write(self.style.SUCCESS(f"Checked against the manifest: {summary}, all equal."))
            for note in self._migration_notes(manifest["migration_heads"]):
                self.stdout.write(self.style.WARNING(note))

    @staticmethod
    def _refuse_unless_empty(wrapper: BaseDatabaseWrapper, target: str, media_root: Path, replace: bool) -> None:
        try:
            tables = existing_tables(wrapper)
        except DatabaseError as error:
            raise CommandError(f"Cannot connect to {target}: {error} {NOTHING_DONE}") from error
        entries = sorted(entry.name for entry in os.scandir(media_root)) if media_root.is_dir() else []
        if replace:
            return
        if tables:
            raise CommandError(
                f"Refused: {target} is not empty ({len(tables)} tables, e.g. {', '.join(tables[:3])}). Restore "
                f"into an empty database, or pass --yes to replace its contents. {NOTHING_DONE}"
            )
        if entries:
            raise CommandError(
                f"Refused: MEDIA_ROOT {media_root} is not empty ({len(entries)} entries, e.g. "
                f"{', '.join(entries[:3])}). Point MEDIA_ROOT at an empty directory, or pass --yes to replace its "
                f"contents. {NOTHING_DONE}"
            )

    @staticmethod
    def _restore_postgresql(wrapper: BaseDatabaseWrapper, dump: Path, replace: bool) -> None:
        pg_restore = postgres_tool("pg_restore")
        config = wrapper.settings_dict
        dbname = config.get("NAME") or f"service={config['OPTIONS'].get('service', '')}"
        argv = [pg_restore, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
        if replace:
            argv += ["--clean", "--if-exists"]
        argv += [f"--dbname={dbname}", str(dump)]
        wrapper.close()  # hold no connection (and no lock) while pg_restore drops and creates
        run_tool(argv, env=postgres_environment(config), what="pg_restore")

    @staticmethod
    def _restore_sqlite(wrapper: BaseDatabaseWrapper, copy: Path) -> None:
        wrapper.ensure_connection()
        source = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
        try:
            source.backup(wrapper.connection)
        except sqlite3.Error as error:
            raise CommandError(f"Copying {copy} into {describe(wrapper)} failed: {error}") from error
        finally:
            source.close()

    @staticmethod
    def _restore_media(archive_path: Path, media_root: Path, replace: bool) -> None:
        media_root.mkdir(parents=True, exist_ok=True)
        if replace:
            for entry in os.scandir(media_root):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
        with tarfile.open(archive_path, "r:gz") as archive:
            members = archive.getmembers()
            for member in members:  # checked before; checked again on what is extracted now
                if unsafe_reason(member):
                    raise CommandError(f"Refused: {MEDIA_ARCHIVE} holds {member.name!r}.")
            if hasattr(tarfile, "data_filter"):  # Python ≥ 3.11.4: the standard library's own guard as well
                archive.extractall(media_root, members=members, filter="data")
            else:
                archive.extractall(media_root, members=members)

    @staticmethod
    def _verify(wrapper: BaseDatabaseWrapper, manifest: dict, media_root: Path) -> tuple[list[str], str]:
        problems: list[str] = []
        rows = count_rows(wrapper)
        problems += differences("table", manifest["tables"], rows, amount=lambda n: f"{n} rows",
                                changed=lambda found, expected: f"{found} rows, the backup has {expected}")
        heads = migration_heads(wrapper)
        if heads != manifest["migration_heads"]:
            problems.append(f"migration heads {heads} differ from the backup's {manifest['migration_heads']}")
        files, skipped = hash_tree(media_root)
        problems += differences("file", manifest["media"]["files"], files,
                                changed=lambda found, expected: f"sha256 {found}, the backup has {expected}")
        problems += [f"file {rel}: not a regular file" for rel in skipped]
        summary = f"{len(rows)} tables, {sum(rows.values())} rows, {len(files)} files"
        return problems, summary

    @staticmethod
    def _migration_notes(heads: dict[str, str]) -> list[str]:
        """Whether the backup's schema is older or newer than this code's migrations."""
        loader = MigrationLoader(None, ignore_no_migrations=True)
        older, unknown = [], []
        for app, leaf in sorted(loader.graph.leaf_nodes()):
            head = heads.get(app)
            if head == leaf:
                continue
            if head is None or (app, head) in loader.disk_migrations:
                older.append(f"{app}.{leaf}")
            else:
                unknown.append(f"{app}.{head}")
        notes = []
        if older:
            notes.append(f"The backup predates migrations of this code ({', '.join(older)}): run "
                         f"`manage.py migrate` before starting the portal.")
        if unknown:
            notes.append(f"The backup was made by newer code (migrations unknown here: {', '.join(unknown)}): run "
                         f"the code version that made it.")
        return notes
