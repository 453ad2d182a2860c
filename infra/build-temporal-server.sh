#!/usr/bin/env bash
# Builds the production Temporal server (with PostgreSQL persistence) and its SQL schema tool from the Go
# module proxy into .tools/temporal-server/<version>/, idempotently. Needs Go >= 1.26.8 (the module's
# `go` line); GOPROXY and GOFLAGS are taken from the machine's Go environment. The build is heavy (about a
# thousand packages), so it runs at the lowest CPU priority. Prints the folder holding the binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

version=v1.32.1 # the newest 1.32 release whose go.mod accepts Go 1.26.8; keep in step with docker-compose.yml
out="$PWD/.tools/temporal-server/$version"
if [ -x "$out/temporal-server" ] && [ -x "$out/temporal-sql-tool" ]; then
  echo "$out"
  exit 0
fi
command -v go >/dev/null || { echo "build-temporal-server: Go is not installed (go.temporal.io/server $version needs Go >= 1.26.8)" >&2; exit 1; }

staging="$out.partial"
rm -rf "$staging"
mkdir -p "$staging"
t0=$(date +%s)
echo "build-temporal-server: go install go.temporal.io/server $version (niced; takes many minutes)" >&2
GOBIN="$staging" nice -n 19 go install \
  "go.temporal.io/server/cmd/server@$version" \
  "go.temporal.io/server/cmd/tools/sql@$version"
mv "$staging/server" "$staging/temporal-server"
mv "$staging/sql" "$staging/temporal-sql-tool"
rm -rf "$out"
mv "$staging" "$out"
echo "build-temporal-server: built in $(( $(date +%s) - t0 )) s" >&2
echo "$out"
