#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests, on 127.0.0.1 only, in a temporary folder.
#   scripts/postgres.sh start   -> prints "export TEST_POSTGRES_URL=… PGTEST_DIR=…" (for eval)
#   scripts/postgres.sh stop    -> stops the server in $PGTEST_DIR and removes the folder
# Installs Debian's postgresql package when it is missing. As root, the server runs as user postgres.
set -euo pipefail
cmd="${1:-}"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

case "$cmd" in
  start)
    if [ -z "$(bindir)" ]; then
      echo "Installiere PostgreSQL (Debian-Paket) für die Datenbanktests …" >&2
      SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      $SUDO apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    fi
    BIN="$(bindir)"
    dir="$(mktemp -d "${TMPDIR:-/tmp}/sca-postgres-XXXXXX")"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    as_owner "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null
    echo "export TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$port/postgres PGTEST_DIR=$dir"
    ;;
  stop)
    dir="${PGTEST_DIR:-${2:-}}"
    [ -n "$dir" ] && [ -d "$dir/data" ] || exit 0
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "Aufruf: scripts/postgres.sh start|stop" >&2
    exit 2
    ;;
esac
