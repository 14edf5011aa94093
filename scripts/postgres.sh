#!/usr/bin/env bash
# A private PostgreSQL server for the masters' registry tests: its own cluster in its own directory, listening on
# 127.0.0.1 only, on a port apart from a system instance's 5432, with a role and a database for the tests.
#   scripts/postgres.sh start        installs Debian's postgresql when missing, creates the cluster once, starts
#                                    the server unless it already answers, creates the role and the database
#   scripts/postgres.sh stop         stops the server this script started
#   scripts/postgres.sh connection   prints the connection string the tests use
# Idempotent; needs root. The tests read the connection string from SCHED_POSTGRES_CONNECTION, else use the one
# printed here. The role may create databases: each test creates its own and drops it.
# SCHED_POSTGRES_DIR moves the cluster's directory (default /var/tmp/sched-postgres), SCHED_POSTGRES_PORT the port.
set -euo pipefail

dir="${SCHED_POSTGRES_DIR:-/var/tmp/sched-postgres}"
port="${SCHED_POSTGRES_PORT:-5433}"
data="$dir/data"
role="sched"
password="sched"
database="sched"
connection="Host=127.0.0.1;Port=$port;Database=$database;Username=$role;Password=$password"

bindir() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$bin" ]] || { echo "postgres: no PostgreSQL server under /usr/lib/postgresql" >&2; exit 1; }
  echo "$bin"
}

as_postgres() { runuser -u postgres -- "$@"; }

install_missing() {
  if ! ls -d /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "postgres: installing postgresql"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
}

answers() { as_postgres "$(bindir)/pg_isready" -q -h "$dir" -p "$port" 2>/dev/null; }

create_cluster() {
  [[ -f "$data/PG_VERSION" ]] && return
  echo "postgres: creating a cluster in $data"
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  as_postgres "$(bindir)/initdb" -D "$data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  cat >>"$data/postgresql.conf" <<CONFIG
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONFIG
}

start_server() {
  echo "postgres: starting the server on 127.0.0.1:$port"
  # The log lives outside the data directory, so that a server that fails to start still leaves it.
  as_postgres "$(bindir)/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null || {
    echo "postgres: the server did not start; its log:" >&2
    tail -n 30 "$dir/server.log" >&2
    exit 1
  }
}

sql() { as_postgres "$(bindir)/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtAc "$1"; }

create_role_and_database() {
  if [[ -z "$(sql "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]]; then
    sql "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'"
  fi
  if [[ -z "$(sql "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]]; then
    sql "CREATE DATABASE $database OWNER $role"
  fi
}

stop_server() {
  [[ -f "$data/PG_VERSION" ]] || return 0
  as_postgres "$(bindir)/pg_ctl" -D "$data" status >/dev/null 2>&1 || return 0
  echo "postgres: stopping the server on 127.0.0.1:$port"
  as_postgres "$(bindir)/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
}

case "${1:-start}" in
  start)
    install_missing
    create_cluster
    answers || start_server
    create_role_and_database
    echo "postgres: ready on 127.0.0.1:$port; connect with"
    echo "  SCHED_POSTGRES_CONNECTION=\"$connection\""
    echo "  PGPASSWORD=$password psql -h 127.0.0.1 -p $port -U $role $database"
    ;;
  stop) stop_server ;;
  connection) echo "$connection" ;;
  *) echo "usage: $0 [start|stop|connection]" >&2; exit 2 ;;
esac
