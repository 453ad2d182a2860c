#!/usr/bin/env bash
# The production topology on one machine without Docker (what infra/docker-compose.yml describes), running
# the README's demo through it:
#   PostgreSQL            the local stack's (results database `qtm`, and Temporal's `temporal` and
#                         `temporal_visibility`), random password
#   Temporal server       the real server (not the dev server), persisted in that PostgreSQL, built from the
#                         Go module proxy by infra/build-temporal-server.sh; schema by infra/temporal-schema.sh
#   S3 server             the local stack's
#   workers               2 cpu and 1 gpu `qtm worker` processes
#   client                `qtm experiment run experiments/demo.yaml`, with payload encryption on
# Everything listens on 127.0.0.1, on ports apart from the local stack's, with data under .data/prod-local
# (QTM_DATA_DIR), logs in its logs/ folder. Everything it started is stopped when it ends (also on failure).
# Slow (a Go build the first time, then the demo on separate processes), so not part of .ci/run.
#   bash infra/prod-local.sh [experiment.yaml]
# (from an agent or CI job that kills its process group when it returns: setsid bash infra/prod-local.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
config=${1:-experiments/demo.yaml}
t0=$(date +%s)
phase() { echo "== $1 ($(($(date +%s) - t0)) s)"; }

export QTM_DATA_DIR=${QTM_DATA_DIR:-$root/.data/prod-local}
export QTM_PG_PORT=${QTM_PG_PORT:-55632} QTM_S3_PORT=${QTM_S3_PORT:-18633}
temporal_port=${QTM_PROD_TEMPORAL_PORT:-7633} # the frontend; the server's other services sit beside it
export TEMPORAL_ADDRESS=127.0.0.1:$temporal_port
export TEMPORAL_NAMESPACE=${TEMPORAL_NAMESPACE:-default}
logs=$QTM_DATA_DIR/logs
mkdir -p "$logs"
qtm() { node "$root/dist/cli/main.js" "$@"; }

pids=() # the Temporal server first, then the workers
alive() { for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
stop() { # SIGTERM (workers drain, the server shuts down cleanly), SIGKILL whatever is left after 30 s
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq 1 30); do alive "$@" || return 0; sleep 1; done
  kill -KILL "$@" 2>/dev/null || true
}
stop_all() {
  local rc=$?
  [ ${#pids[@]} -gt 1 ] && stop "${pids[@]:1}"
  [ ${#pids[@]} -gt 0 ] && stop "${pids[0]}"
  qtm stack down >/dev/null 2>&1 || true
  echo "== stopped everything ($(($(date +%s) - t0)) s in all)"
  exit $rc
}
trap stop_all EXIT

phase "install and build"
bash infra/bootstrap.sh
tools=$(bash infra/build-temporal-server.sh)

phase "PostgreSQL and S3 (qtm stack up, Temporal external)"
qtm stack up # TEMPORAL_ADDRESS is set, so the stack starts no dev server

# The payload key stays with this deployment's data: workflows it encrypted must stay readable.
key_file=$QTM_DATA_DIR/payload-keys
if [ ! -s "$key_file" ]; then
  (umask 077 && node -e 'process.stdout.write(`prod-local-1:${require("crypto").randomBytes(32).toString("base64")}`)' >"$key_file")
fi
QTM_PAYLOAD_KEYS=$(cat "$key_file")
export QTM_PAYLOAD_KEYS

# Temporal reads the database settings that runtime/settings.ts resolves for the stack.
database_url=$(node -e 'process.stdout.write(require("./dist/runtime/settings").loadSettings().databaseUrl)')
export DB=postgres12 POSTGRES_SEEDS=127.0.0.1 DB_PORT=$QTM_PG_PORT
POSTGRES_USER=$(node -e 'process.stdout.write(decodeURIComponent(new URL(process.argv[1]).username))' "$database_url")
db_password=$(node -e 'process.stdout.write(decodeURIComponent(new URL(process.argv[1]).password))' "$database_url")
export POSTGRES_USER POSTGRES_PWD=$db_password

phase "Temporal schema (temporal-sql-tool)"
TEMPORAL_SQL_TOOL=$tools/temporal-sql-tool bash infra/temporal-schema.sh >"$logs/temporal-schema.log" 2>&1 ||
  { tail -20 "$logs/temporal-schema.log"; exit 1; }
grep '^temporal-schema:' "$logs/temporal-schema.log"

phase "Temporal server $($tools/temporal-server --version 2>/dev/null | head -1) on $TEMPORAL_ADDRESS"
# The server's own configuration template reads these (ports: frontend, its HTTP API, and the internal
# services with their membership ports, all on loopback).
export DYNAMIC_CONFIG_FILE_PATH=$root/infra/temporal-dynamicconfig.yaml
export BIND_ON_IP=127.0.0.1 LOG_LEVEL=warn FRONTEND_GRPC_PORT=$temporal_port \
  FRONTEND_HTTP_PORT=$((temporal_port + 10)) FRONTEND_MEMBERSHIP_PORT=$((temporal_port - 1000)) \
  HISTORY_GRPC_PORT=$((temporal_port + 1)) HISTORY_MEMBERSHIP_PORT=$((temporal_port - 999)) \
  MATCHING_GRPC_PORT=$((temporal_port + 2)) MATCHING_MEMBERSHIP_PORT=$((temporal_port - 998)) \
  WORKER_GRPC_PORT=$((temporal_port + 6)) WORKER_MEMBERSHIP_PORT=$((temporal_port - 994))
# No authorizer: the frontend listens on loopback only.
"$tools/temporal-server" --allow-no-auth start >"$logs/temporal-server.log" 2>&1 &
pids+=($!)
# Only the server needs the database password; the workers and the CLI read DATABASE_URL from the stack.
unset POSTGRES_PWD
for _ in $(seq 1 120); do
  qtm namespace create >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { tail -20 "$logs/temporal-server.log"; exit 1; }
  sleep 1
done
qtm namespace create

phase "workers: 2 cpu, 1 gpu"
for w in cpu-1 cpu-2 gpu-1; do
  # node itself, not the qtm function: a backgrounded function is a subshell, and $! would be its pid
  node "$root/dist/cli/main.js" worker --queue "${w%-*}" >"$logs/worker-$w.log" 2>&1 &
  pids+=($!)
done

phase "experiment $config"
workflow_id=prod-local-$(date +%Y%m%d-%H%M%S)
run_start=$(date +%s)
qtm experiment run "$config" --id "$workflow_id" 2>&1 | tee "$logs/experiment-$workflow_id.log"
echo "experiment wall time $(($(date +%s) - run_start)) s"

phase "who ran what"
node infra/prod-local-report.js "$workflow_id"

phase "no secret in any log"
leaks=0
for secret in "$db_password" "$(node -e 'process.stdout.write(require("./dist/runtime/settings").loadSettings().s3.secretKey)')" \
  "${QTM_PAYLOAD_KEYS#*:}"; do
  if grep -rlF -- "$secret" "$logs"; then leaks=1; fi
done
[ "$leaks" = 0 ] && echo "none of the database password, the S3 secret key and the payload key is in $logs"
exit $leaks
