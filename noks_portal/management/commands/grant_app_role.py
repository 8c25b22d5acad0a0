"""Give the app role (DATABASE_APP_ROLE) its rights, then check it; see core.db_roles and
docs/operations.md "Database roles".

    manage.py grant_app_role [--role NAME]      # as the owner, after every migrate (the `migrate` service does)
    manage.py grant_app_role --check [--role NAME]

--check grants nothing: it checks the role (default: DATABASE_APP_ROLE, else the user this connection logs in as,
so `docker compose run --rm web python manage.py grant_app_role --check` checks the web processes' own login).
Exits 1 naming every problem: a superuser, the audit table's owner, UPDATE/DELETE/TRUNCATE on the audit table, ….
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core.db_roles import app_role_grant, app_role_problems


class Command(BaseCommand):
    help = ("Grant the app role (DATABASE_APP_ROLE) read and write on every table but only SELECT and INSERT on "
            "the audit table, then check it. PostgreSQL only; run as the tables' owner after migrate.")

    def add_arguments(self, parser):
        parser.add_argument("--role", help="the role (default: the DATABASE_APP_ROLE setting)")
        parser.add_argument("--check", action="store_true", help="only check the role; grant nothing")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(f"Database roles are a PostgreSQL matter; this database is {connection.vendor}.")
        role = options["role"] or settings.DATABASE_APP_ROLE
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            current = cursor.fetchone()[0]
        if not role:
            if not options["check"]:
                raise CommandError("No role: set DATABASE_APP_ROLE (or pass --role).")
            role = current
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(f"There is no role {role!r}: create it first (docker/postgres/init-roles.sh, or "
                                   f"docs/operations.md “Database roles”).")
        if not options["check"]:
            if role == current:
                raise CommandError(f"{role} is the role this command connects as (the owner, which runs the "
                                   f"migrations); the app role must be another one.")
            with transaction.atomic():
                app_role_grant(connection, role)
            self.stdout.write(f"Granted {role} read and write on every table, SELECT and INSERT only on the audit "
                              f"table, and the sequences.")
        problems = app_role_problems(connection, role)
        if problems:
            raise CommandError(f"{role} is not a safe app role: " + "; ".join(problems) + ".", returncode=1)
        self.stdout.write(f"{role} is a safe app role: not a superuser, not the audit table's owner, SELECT and "
                          f"INSERT only on the audit table.")
