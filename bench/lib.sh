# Shared by bench/run.sh and bench/drift.sh (sourced after they define BENCH, say and die): finds
# the PostgreSQL binaries and starts a private server the way dbctl's sandbox does
# (src/sandbox/postgres.rs), stopped (and its data removed unless KEEP=1) on exit.

# ---------------------------------------------------------------- PostgreSQL binaries
pg_bin() {
    local b=$1 d
    if command -v "$b" >/dev/null 2>&1; then
        command -v "$b"; return
    fi
    if command -v pg_config >/dev/null 2>&1 && [[ -x $(pg_config --bindir)/$b ]]; then
        echo "$(pg_config --bindir)/$b"; return
    fi
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/$b ]] && { echo "$d/$b"; return; }
    done
    die "PostgreSQL binary $b not found (apt-get install -y postgresql)"
}
INITDB=$(readlink -f "$(pg_bin initdb)")
PG_CTL=$(readlink -f "$(pg_bin pg_ctl)")
# psql and pg_dump from the server's bin dir: Debian's /usr/bin/{psql,pg_dump} is pg_wrapper, a
# Perl script that adds ~30 ms of start-up and its own RSS to every call.
BINDIR=$(dirname "$INITDB")
PSQL=$BINDIR/psql
[[ -x $PSQL ]] || PSQL=$(readlink -f "$(pg_bin psql)")
PG_DUMP=$BINDIR/pg_dump
[[ -x $PG_DUMP ]] || PG_DUMP=$(readlink -f "$(pg_bin pg_dump)")

as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() {
    python3 - <<'EOF' 2>/dev/null && return
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])
EOF
    local p
    for p in $(shuf -i 20000-60000 -n 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    die "no free port"
}

# ---------------------------------------------------------------- server (as bench/run.sh)
mkdir -p "$BENCH/data"
PGBASE=$(mktemp -d "$BENCH/data/pg.XXXXXX")
if [[ $(id -u) == 0 ]]; then
    chown postgres "$PGBASE"
    if ! runuser -u postgres -- test -w "$PGBASE"; then
        rm -rf "$PGBASE"
        PGBASE=$(mktemp -d /tmp/dbctl-bench-pg.XXXXXX)
        chown postgres "$PGBASE"
    fi
fi
PGDATA_DIR=$PGBASE/data
STARTED=0
cleanup() {
    local rc=$?
    if ((STARTED)); then
        as_pg "$PG_CTL" stop -m fast -w -D "$PGDATA_DIR" >/dev/null 2>&1 || true
    fi
    if [[ ${KEEP:-0} != 1 ]]; then rm -rf "$PGBASE"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "bench: initdb in $PGBASE"
as_pg "$INITDB" -D "$PGDATA_DIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-instructions >"$PGBASE/initdb.log" 2>&1 || { cat "$PGBASE/initdb.log" >&2; die "initdb failed"; }
for attempt in 1 2 3; do
    PORT=$(free_port)
    if as_pg "$PG_CTL" start -w -t 60 -D "$PGDATA_DIR" -l "$PGBASE/server.log" -o \
        "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >/dev/null 2>&1; then
        STARTED=1; break
    fi
done
((STARTED)) || { tail -5 "$PGBASE/server.log" >&2; die "pg_ctl start failed"; }
PGVER=$("$PSQL" --version | awk '{print $3}')
say "bench: PostgreSQL $PGVER on 127.0.0.1:$PORT (fsync off, trust)"

export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=postgres PGSSLMODE=disable PSQLRC=/dev/null
url() { echo "postgres://postgres@127.0.0.1:$PORT/$1?sslmode=disable"; }

# Before each timed command: let the server settle (autovacuum of the catalogs the last run
# bloated, the previous tool's backends gone, dirty buffers written), so one tool does not pay
# for the previous one's work. Needs pm_children, AUX_N and admin from the calling script.
quiesce() {
    local i n
    for ((i = 0; i < ${QUIESCE_TRIES:-30}; i++)); do
        n=$("$PSQL" -X -d postgres -Atc "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker' or (backend_type = 'client backend' and pid <> pg_backend_pid())")
        [[ $n == 0 ]] && (($(pm_children | wc -w) <= AUX_N + 1)) && break
        sleep 0.1
    done
    admin CHECKPOINT
}
