#!/bin/sh
# The portal's database and its two roles. The postgres image runs this once, as the superuser, when it starts on
# an empty data directory (it is mounted into /docker-entrypoint-initdb.d by docker-compose.yml); it can also be
# run by hand against any PostgreSQL (PGHOST, PGPORT, POSTGRES_USER as a superuser). docs/operations.md explains.
#
#   NOKS_DB (noks)                 the database, owned by the owner role
#   NOKS_DB_OWNER (noks_owner)     owns the tables: runs the migrations (and grant_app_role, restore)
#   NOKS_DB_APP (noks_app)         gunicorn, the Celery worker and beat; its rights on the tables come from
#                                  `manage.py grant_app_role`, run by the `migrate` service after every migrate
#   NOKS_DB_OWNER_PASSWORD, NOKS_DB_APP_PASSWORD   required
#
# Neither role is a superuser or may create roles or databases.
set -eu
: "${NOKS_DB:=noks}" "${NOKS_DB_OWNER:=noks_owner}" "${NOKS_DB_APP:=noks_app}"
: "${NOKS_DB_OWNER_PASSWORD:?set NOKS_DB_OWNER_PASSWORD}" "${NOKS_DB_APP_PASSWORD:?set NOKS_DB_APP_PASSWORD}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v db="$NOKS_DB" -v owner="$NOKS_DB_OWNER" -v app="$NOKS_DB_APP" \
    -v owner_password="$NOKS_DB_OWNER_PASSWORD" -v app_password="$NOKS_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE ROLE :"app" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE :"db" OWNER :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";
\connect :"db"
-- The schema belongs to the database's owner (PostgreSQL 15: pg_database_owner); the app role may use what is in
-- it but create nothing.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
SQL
