#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for nianbao's tests and prints the
# URL to export as NIANBAO_TEST_POSTGRES:
#
#   export NIANBAO_TEST_POSTGRES=$(scripts/pg-test-cluster.sh /tmp/nianbao-pg)
#   go test ./...
#   scripts/pg-test-cluster.sh -stop /tmp/nianbao-pg
#
# The cluster lives in DIR, listens only on a Unix socket in DIR (no TCP
# port), trusts local connections and runs without fsync: it is for tests,
# never for data. PostgreSQL refuses to run as root, so as root the cluster
# runs as the user 'postgres' (made by Debian's package) or NIANBAO_PG_USER.
# Needs PostgreSQL's server programs (Debian: apt-get install postgresql).
set -euo pipefail

if [ "${1:-}" = "-stop" ]; then
  dir=${2:?usage: $0 -stop DIR}
  run() { if [ "$(id -u)" -eq 0 ]; then su -s /bin/sh "${NIANBAO_PG_USER:-postgres}" -c "$*"; else sh -c "$*"; fi; }
  bin=$(dirname "$(cat "$dir/bin" 2>/dev/null || command -v pg_ctl)")
  run "'$bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null
  exit 0
fi
dir=${1:?usage: $0 DIR}

pgctl=$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgctl" ] || [ ! -x "$pgctl" ]; then
  echo "pg-test-cluster: no pg_ctl (install PostgreSQL's server: apt-get install postgresql)" >&2
  exit 1
fi
pgctl=$(readlink -f "$pgctl")
bin=$(dirname "$pgctl")

user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  user=${NIANBAO_PG_USER:-postgres}
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
  fi
fi
run() { if [ "$(id -u)" -eq 0 ]; then su -s /bin/sh "$user" -c "$*"; else sh -c "$*"; fi; }

mkdir -p "$dir"
if [ "$(id -u)" -eq 0 ]; then chown "$user" "$dir"; fi
echo "$pgctl" >"$dir/bin"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  run "'$bin/initdb' -D '$dir/data' -A trust -U nianbao -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1" || {
    cat "$dir/initdb.log" >&2; exit 1; }
fi
if ! run "'$bin/pg_ctl' -D '$dir/data' status" >/dev/null 2>&1; then
  run "'$bin/pg_ctl' -D '$dir/data' -w -t 60 -l '$dir/server.log' \
    -o \"-k '$dir' -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null || {
    cat "$dir/server.log" >&2; exit 1; }
fi
run "'$bin/psql' -h '$dir' -U nianbao -d postgres -Atqc \"SELECT 1 FROM pg_database WHERE datname = 'nianbao_test'\"" | grep -q 1 ||
  run "'$bin/createdb' -h '$dir' -U nianbao nianbao_test"
echo "postgres://nianbao@/nianbao_test?host=$dir&sslmode=disable"
