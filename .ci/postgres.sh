#!/usr/bin/env bash
# Private PostgreSQL cluster for the storage tests (never the system cluster).
#
#   bash .ci/postgres.sh [start]   install PostgreSQL if missing, init + start the cluster, create role/db,
#                                  print the `export CONSULTBOT_TEST_POSTGRES=...` line on stdout
#   bash .ci/postgres.sh stop      stop the cluster (data is kept)
#   bash .ci/postgres.sh status    exit 0 when the cluster accepts connections
#
# Idempotent. Settings: PGPORT_TEST (default 55432), PGDATA_TEST (default /tmp/consultbot-pg-$PGPORT_TEST).
# Usage in CI:  eval "$(bash .ci/postgres.sh)"   (only the export line goes to stdout; progress goes to stderr)
# The same line is also written to $PGDATA_TEST.env.
set -euo pipefail

ACTION="${1:-start}"
PORT="${PGPORT_TEST:-55432}"
DATA="${PGDATA_TEST:-/tmp/consultbot-pg-${PORT}}"
ENV_FILE="${DATA}.env"
ROLE=consultbot
PASSWORD=consultbot
DATABASE=consultbot_test

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local dir
    # Newest installed major version first.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
        if [[ -x "$dir/pg_ctl" && -x "$dir/initdb" && -x "$dir/postgres" ]]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    return 1
}

BINDIR="$(find_bindir || true)"
if [[ -z "$BINDIR" ]]; then
    if [[ "$ACTION" != start ]]; then
        log "PostgreSQL is not installed; nothing to $ACTION"
        [[ "$ACTION" == stop ]] && exit 0 || exit 1
    fi
    if [[ "$(id -u)" -ne 0 ]]; then
        log "PostgreSQL binaries are missing and this is not root: install the 'postgresql' package first"
        exit 1
    fi
    log "installing PostgreSQL from the Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
    BINDIR="$(find_bindir)"
fi

# The server refuses to run as root: run the cluster as the 'postgres' system user when we are root.
if [[ "$(id -u)" -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    AS_PG=(runuser -u postgres --)
else
    AS_PG=()
fi
pg() { "${AS_PG[@]}" "$@"; }

is_ready() { "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; }

running() { [[ -f "$DATA/postmaster.pid" ]] && pg "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

case "$ACTION" in
    stop)
        if running; then
            log "stopping the cluster in $DATA (port $PORT)"
            pg "$BINDIR/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >&2
        else
            log "cluster in $DATA is not running"
        fi
        exit 0
        ;;
    status)
        is_ready && { log "ready on 127.0.0.1:$PORT"; exit 0; }
        log "not ready on 127.0.0.1:$PORT"
        exit 1
        ;;
    start) ;;
    *)
        echo "usage: $0 [start|stop|status]" >&2
        exit 2
        ;;
esac

if [[ ! -f "$DATA/PG_VERSION" ]]; then
    log "creating cluster in $DATA"
    mkdir -p "$DATA"
    chmod 700 "$DATA"
    [[ "$(id -u)" -eq 0 ]] && chown postgres: "$DATA"
    # Local socket connections (for this script, as the cluster owner) are trusted; TCP needs a password.
    pg "$BINDIR/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >&2
    cat >>"$DATA/postgresql.conf" <<EOF

# consultbot test cluster
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 300
EOF
fi

if ! running; then
    log "starting the cluster in $DATA on 127.0.0.1:$PORT"
    pg "$BINDIR/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start >&2 || {
        log "start failed; last lines of $DATA/server.log:"
        tail -n 20 "$DATA/server.log" >&2 || true
        exit 1
    }
fi

for _ in $(seq 1 60); do
    is_ready && break
    sleep 0.5
done
if ! is_ready; then
    log "the cluster did not become ready on 127.0.0.1:$PORT"
    exit 1
fi

psql_admin() { pg "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$DATA" -p "$PORT" -U postgres -d postgres "$@"; }

psql_admin >&2 <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' CREATEDB;
    END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DATABASE OWNER $ROLE'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DATABASE')\gexec
SQL

LINE="export CONSULTBOT_TEST_POSTGRES=\"Host=127.0.0.1;Port=$PORT;Username=$ROLE;Password=$PASSWORD;Database=$DATABASE\""
echo "$LINE" >"$ENV_FILE"
log "ready on 127.0.0.1:$PORT (also written to $ENV_FILE)"
echo "$LINE"
