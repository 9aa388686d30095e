# shellcheck shell=bash
# Runs once, on MySQL's first start, after 01-databases.sql. The mysql image *sources*
# init .sh files that are not executable, so docker_process_sql (root, over the
# initialising server's socket) is the entrypoint's own; keep this file non-executable
# and free of `set` (it would change the entrypoint's shell options).
#
# Creates the user the Temporal server and its schema tool log in as, limited to
# Temporal's two databases. The password comes from docker/.env via compose.

: "${TEMPORAL_DB_USER:?TEMPORAL_DB_USER is not set (docker/.env)}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is not set (docker/.env)}"

# A MySQL string literal: backslashes and single quotes escaped.
_settle_sql_string() {
  local s=${1//\\/\\\\}
  printf "'%s'" "${s//\'/\'\'}"
}

mysql_note "Creating Temporal's database user ${TEMPORAL_DB_USER}"
docker_process_sql --database=mysql <<EOSQL
CREATE USER $(_settle_sql_string "$TEMPORAL_DB_USER")@'%' IDENTIFIED BY $(_settle_sql_string "$TEMPORAL_DB_PASSWORD");
GRANT ALL ON \`temporal\`.* TO $(_settle_sql_string "$TEMPORAL_DB_USER")@'%';
GRANT ALL ON \`temporal\_visibility\`.* TO $(_settle_sql_string "$TEMPORAL_DB_USER")@'%';
EOSQL
