#!/bin/sh
# Creates and migrates the Temporal server's schema in MySQL 8: the persistence store
# (database `temporal`) and the visibility store (`temporal_visibility`), with
# temporal-sql-tool from the temporalio/admin-tools image, whose schema files live in
# /etc/temporal/schema. The same steps as Temporal's own compose examples
# (temporalio/samples-server, compose/scripts/setup-mysql.sh).
#
# Idempotent, so compose runs it on every `up`: setup-schema only creates the version
# tables and records version 0.0 when nothing newer is recorded, and update-schema
# applies only the versions a database does not have yet (which is also how a newer
# server image's schema changes get applied).
#
# Connection settings come from the environment (compose.yaml); temporal-sql-tool
# reads the password from SQL_PASSWORD itself, so it never appears on a command line.
set -eu

: "${SQL_HOST:?SQL_HOST is not set}"
: "${SQL_USER:?SQL_USER is not set}"
: "${SQL_PASSWORD:?SQL_PASSWORD is not set}"
SQL_PORT=${SQL_PORT:-3306}
SCHEMA_DIR=/etc/temporal/schema/mysql/v8

attempt=1
until nc -z -w 5 "$SQL_HOST" "$SQL_PORT"; do
  if [ "$attempt" -ge 30 ]; then
    echo "MySQL at $SQL_HOST:$SQL_PORT did not accept connections" >&2
    exit 1
  fi
  echo "waiting for MySQL at $SQL_HOST:$SQL_PORT ($attempt/30)"
  attempt=$((attempt + 1))
  sleep 2
done

sql_tool() {
  temporal-sql-tool --plugin mysql8 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"
}

# The databases themselves are created by MySQL's first-start scripts
# (docker/mysql/init), where the Temporal user gets its grants.
for store in temporal:temporal visibility:temporal_visibility; do
  dir=${store%%:*}
  db=${store#*:}
  echo "schema of $db"
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$SCHEMA_DIR/$dir/versioned"
done

echo "Temporal schema is up to date"
