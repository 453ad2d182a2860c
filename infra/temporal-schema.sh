#!/usr/bin/env bash
# Creates or upgrades Temporal's two PostgreSQL databases (history and visibility) with the server's own
# schema tool, idempotently: create-database (a no-op when it exists), setup-schema -v 0.0 (the version
# tables; keeps a newer recorded version), update-schema to the newest schema embedded in the tool.
# Reads the variables the Temporal server's own configuration reads: POSTGRES_SEEDS, DB_PORT,
# POSTGRES_USER, POSTGRES_PWD (and DBNAME, VISIBILITY_DBNAME). The password reaches the tool through its
# environment, never its command line. Used by infra/prod-local.sh and by infra/docker-compose.yml.
set -euo pipefail
tool=${TEMPORAL_SQL_TOOL:-temporal-sql-tool}
export SQL_PLUGIN=postgres12 SQL_HOST="${POSTGRES_SEEDS:?}" SQL_PORT="${DB_PORT:-5432}"
export SQL_USER="${POSTGRES_USER:?}" SQL_PASSWORD="${POSTGRES_PWD:?}"
for pair in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
  export SQL_DATABASE="${pair%%:*}"
  "$tool" create-database --defaultdb postgres
  "$tool" setup-schema -v 0.0
  "$tool" update-schema --schema-name "postgresql/v12/${pair#*:}"
  echo "temporal-schema: $SQL_DATABASE is at the newest schema"
done
