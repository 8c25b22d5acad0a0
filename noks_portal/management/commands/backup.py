"""Write one backup set (noks_portal.backup describes what it holds) into a new directory under DIR:

    manage.py backup --to DIR [--keep N] [--database ALIAS | --database-url URL]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
import tarfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper

from noks_portal.backup import (
    DATABASE_FILES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_ARCHIVE,
    SET_NAME,
    SET_PREFIX,
    HashingReader,
    add_database_arguments,
    count_rows,
    database_wrapper,
    describe,
    migration_heads,
    open_database,
    postgres_environment,
    postgres_tool,
    run_tool,
    set_order,
    sha256_file,
    utc_now,
    walk_files,
)


class Command(BaseCommand):
    help = ("Write a backup set (database, uploaded files, manifest with checksums) into a new timestamped "
            "directory under --to. With -v 0 only the set's path is printed.")

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, metavar="DIR", help="directory that receives the new set")
        parser.add_argument("--keep", type=int, metavar="N",
                            help="afterwards delete all but the newest N complete sets in DIR")
        add_database_arguments(parser, "back up")

    def handle(self, *args, **options):
        if options["keep"] is not None and options["keep"] < 1:
            raise CommandError("--keep must be 1 or more.")
        root = Path(options["to"]).expanduser().absolute()
        root.mkdir(parents=True, exist_ok=True)
        created = utc_now()
        final = self._free_name(root, created)
        partial = root / f".{final.name}.partial"
        media_root = Path(settings.MEDIA_ROOT)
        old_umask = os.umask(0o077)
        try:
            partial.mkdir(mode=0o700)  # fails (and removes nothing) if another run took the name meanwhile
        except BaseException:
            os.umask(old_umask)
            raise
        try:
            with open_database(options["database"], options["database_url"]) as wrapper:
                database = self._dump(wrapper, partial)
            files, skipped = self._archive(media_root, partial / MEDIA_ARCHIVE)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "django": django.get_version(),
                "restore_with": "manage.py restore --from <this directory>  (see docs/operations.md)",
                "database": database,
                "migration_heads": database.pop("migration_heads"),
                "tables": database.pop("tables"),
                "media": {
                    "file": MEDIA_ARCHIVE,
                    "sha256": sha256_file(partial / MEDIA_ARCHIVE),
                    "bytes": (partial / MEDIA_ARCHIVE).stat().st_size,
                    "source": str(media_root),
                    "files": files,
                    "skipped": skipped,
                },
            }
            (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
            partial.rename(final)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        finally:
            os.umask(old_umask)
        self._report(final, manifest, skipped, options["verbosity"])
        if options["keep"]:
            self._prune(root, options["keep"], options["verbosity"])
        self.stdout.write(str(final))  # last, alone on its line: for scripts

    @staticmethod
    def _free_name(root: Path, created: dt.datetime) -> Path:
        """noks-backup-<time>, or -2, -3 … after the sets (complete or being written) of the same second."""
        stamp = created.strftime("%Y%m%dT%H%M%SZ")
        taken = [set_order(Path(name))[1] for name in (entry.name.removeprefix(".").removesuffix(".partial")
                                                        for entry in os.scandir(root))
                 if SET_NAME.match(name) and SET_NAME.match(name)[1] == stamp]
        return root / (SET_PREFIX + stamp + (f"-{max(taken) + 1}" if taken else ""))

    def _dump(self, wrapper: BaseDatabaseWrapper, directory: Path) -> dict:
        target = directory / DATABASE_FILES[wrapper.vendor]
        if wrapper.vendor == "postgresql":
            described = self._dump_postgresql(wrapper, target)
        else:
            described = self._dump_sqlite(wrapper, target)
        return {"vendor": wrapper.vendor, "file": target.name, "sha256": sha256_file(target),
                "bytes": target.stat().st_size, **described}

    @staticmethod
    def _dump_postgresql(wrapper: BaseDatabaseWrapper, target: Path) -> dict:
        pg_dump = postgres_tool("pg_dump")
        config = wrapper.settings_dict
        env = postgres_environment(config)
        version = run_tool([pg_dump, "--version"], env=env, what="pg_dump --version").stdout.strip()
        try:
            wrapper.ensure_connection()
            wrapper.set_autocommit(False)
            with wrapper.cursor() as cursor:
                # One snapshot for the counts and for pg_dump: both see the same committed state.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
            tables = count_rows(wrapper)
            heads = migration_heads(wrapper)
            argv = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                    f"--file={target}"]
            if config.get("NAME"):
                argv.append(f"--dbname={config['NAME']}")
            run_tool(argv, env=env, what="pg_dump")
            wrapper.rollback()
        except DatabaseError as error:
            raise CommandError(f"Could not read {describe(wrapper)}: {error}") from error
        return {"server_version": server_version, "tool": version, "tables": tables, "migration_heads": heads}

    @staticmethod
    def _dump_sqlite(wrapper: BaseDatabaseWrapper, target: Path) -> dict:
        if not wrapper.is_in_memory_db() and not Path(wrapper.settings_dict["NAME"]).is_file():
            raise CommandError(f"There is no {describe(wrapper)}: nothing to back up.")
        try:
            wrapper.ensure_connection()
            with contextlib.closing(sqlite3.connect(target)) as copy:
                wrapper.connection.backup(copy)
        except (sqlite3.Error, DatabaseError) as error:
            raise CommandError(f"Could not copy {describe(wrapper)}: {error}") from error
        # Counted on the copy, so the counts describe exactly what is in the set.
        copy = database_wrapper({"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)})
        try:
            tables = count_rows(copy)
            heads = migration_heads(copy)
        finally:
            copy.close()
        return {"sqlite_version": sqlite3.sqlite_version, "tables": tables, "migration_heads": heads}

    @staticmethod
    def _archive(media_root: Path, target: Path) -> tuple[dict[str, str], list[str]]:
        files: dict[str, str] = {}
        skipped: list[str] = []
        with tarfile.open(target, "w:gz", format=tarfile.PAX_FORMAT) as archive:
            for path, rel in walk_files(media_root, skipped):
                status = path.stat()
                info = tarfile.TarInfo(rel)
                info.size = status.st_size
                info.mtime = int(status.st_mtime)
                info.mode = status.st_mode & 0o777
                with open(path, "rb") as handle:
                    reader = HashingReader(handle)
                    archive.addfile(info, reader)
                files[rel] = reader.digest.hexdigest()
        return files, skipped

    def _report(self, final: Path, manifest: dict, skipped: list[str], verbosity: int) -> None:
        if verbosity >= 1:
            database = manifest["database"]
            rows = sum(manifest["tables"].values())
            size = sum((final / name).stat().st_size for name in (database["file"], MEDIA_ARCHIVE))
            self.stdout.write(f"Database: {database['vendor']}, {len(manifest['tables'])} tables, {rows} rows "
                              f"-> {database['file']}")
            self.stdout.write(f"Files: {len(manifest['media']['files'])} from {manifest['media']['source']} "
                              f"-> {MEDIA_ARCHIVE}")
            self.stdout.write(self.style.SUCCESS(f"Backup set written ({size / 1e6:.1f} MB):"))
        for rel in skipped:
            self.stderr.write(f"Skipped in MEDIA_ROOT (not a regular file): {rel}")

    def _prune(self, root: Path, keep: int, verbosity: int) -> None:
        sets = sorted((path for path in root.iterdir()
                       if path.is_dir() and SET_NAME.match(path.name) and (path / MANIFEST).is_file()),
                      key=set_order)
        for old in sets[:-keep]:
            shutil.rmtree(old)
            if verbosity >= 1:
                self.stdout.write(f"Deleted old set {old.name} (--keep {keep})")
