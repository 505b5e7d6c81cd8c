#!/usr/bin/env bash
# dbctl drift benchmark: inspect + diff a live database of N tables (15 columns, a primary key, a
# foreign key and an index each) against its migrations, next to `pg_dump --schema-only` of the
# same database, as ratios measured in the same run (the machine is noisy: seconds mean little).
#
#   bash bench/drift.sh                        # SIZES="500 1000 2000" RUNS=3
#   SIZES=200 RUNS=1 bash bench/drift.sh       # quick check
#
# Env: SIZES (tables per database, "500 1000 2000"), RUNS (3), DBCTL_BIN (skip the build),
# CARGO_TARGET_DIR (build dir; default bench/out/target), KEEP=1 (keep the server's data dir).
#
# The server is started the way dbctl's sandbox starts it (src/sandbox/postgres.rs), as in
# bench/run.sh: initdb as user postgres when root, trust auth on 127.0.0.1 only, no Unix socket,
# fsync/synchronous_commit/full_page_writes off; it is stopped on exit. Per size: ONE migration
# (V1 + U1) creates the N tables, `dbctl migrate up` applies it once (untimed, reported), then RUNS
# times, alternately and in rotating order:
#   pg_dump  `pg_dump --schema-only` of the live database to /dev/null
#   drift    a warm `dbctl drift --from live --against migrations --dev-url <server>/postgres`,
#            i.e. replay the migration into a scratch database + inspect both + diff
# Wall time from $EPOCHREALTIME around the command; peak RSS of the client from /usr/bin/time -f %M
# (the server's memory is not counted for either tool). The drift must exit 0 (clean) every time.
set -euo pipefail

SIZES=${SIZES:-500 1000 2000}
RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out
RES=$OUT/drift-results
W=$OUT/drift-work
mkdir -p "$OUT"
rm -rf "$RES" "$W" && mkdir -p "$RES" "$W"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install -y time)"

# ---------------------------------------------------------------- PostgreSQL binaries (as bench/run.sh)
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
DEV_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
admin() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres -c "$1" >/dev/null; }

# ---------------------------------------------------------------- dbctl
if [[ -n ${DBCTL_BIN:-} ]]; then
    DBCTL=$DBCTL_BIN
else
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$OUT/target}
    say "bench: cargo build --release (target dir $CARGO_TARGET_DIR)"
    (cd "$ROOT" && cargo build --release --quiet --bin dbctl) || die "cargo build failed"
    DBCTL=$CARGO_TARGET_DIR/release/dbctl
fi
[[ -x $DBCTL ]] || die "no dbctl binary at $DBCTL"
say "bench: $("$DBCTL" --version) ($DBCTL); $("$PG_DUMP" --version)"

# ---------------------------------------------------------------- generated work
# gen DIR N: a dbctl project in DIR whose one migration (V1/U1) creates t_1..t_N: id int primary
# key, ref int references t_{i-1}(id) (t_1 references itself), c1..c13 of mixed types with
# defaults / NOT NULL here and there, and one index each.
gen() {
    python3 - "$1" "$2" <<'EOF'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
ph = os.path.join(d, "migrations/app/main/phase1")
os.makedirs(ph, exist_ok=True)
cols = [  # (type, extra) cycled through c1..c13, shifted by the table number
    ("text", "NOT NULL DEFAULT ''"), ("int", ""), ("numeric(12,2)", "DEFAULT 0"),
    ("timestamptz", "NOT NULL DEFAULT now()"), ("boolean", "DEFAULT false"), ("text", ""),
    ("int", "NOT NULL"), ("numeric(12,2)", ""), ("timestamptz", ""), ("boolean", "NOT NULL DEFAULT true"),
    ("text", "DEFAULT 'x'"), ("int", "DEFAULT 1"), ("numeric(12,2)", "NOT NULL"),
]
up = ["-- generated by bench/drift.sh\n"]
for i in range(1, n + 1):
    ref = i - 1 if i > 1 else 1
    body = [f"    id int PRIMARY KEY", f"    ref int REFERENCES t_{ref}(id)"]
    for c in range(1, 14):
        ty, extra = cols[(c - 1 + i) % len(cols)]
        body.append(f"    c{c} {ty}{' ' + extra if extra else ''}")
    up.append(f"CREATE TABLE t_{i} (\n" + ",\n".join(body) + "\n);\n")
    up.append(f"CREATE INDEX t_{i}_ref_c1_idx ON t_{i} (ref, c1);\n")
open(f"{ph}/V1__tables.sql", "w").write("".join(up))
open(f"{ph}/U1__tables.sql", "w").write(
    "-- generated by bench/drift.sh\n" + "".join(f"DROP TABLE t_{i};\n" for i in range(n, 0, -1)))
open(f"{d}/dbctl.yaml", "w").write(
    "# generated by bench/drift.sh\nprojects:\n  app:\n"
    "    postgres:\n      main: { url: \"${BENCH_PG_URL}\", migrations: migrations/app/main }\n")
EOF
}

# ---------------------------------------------------------------- timing
PM_PID=$(head -1 "$PGDATA_DIR/postmaster.pid")
pm_children() { cat /proc/"$PM_PID"/task/*/children 2>/dev/null; }
AUX_N=$(pm_children | wc -w)
# Before each timed command: let the server settle (autovacuum after the last run's catalog churn,
# the scratch database's backends gone, dirty buffers written).
quiesce() {
    local i n
    for ((i = 0; i < 50; i++)); do
        n=$("$PSQL" -X -d postgres -Atc "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker' or (backend_type = 'client backend' and pid <> pg_backend_pid())")
        [[ $n == 0 ]] && (($(pm_children | wc -w) <= AUX_N + 1)) && break
        sleep 0.1
    done
    admin CHECKPOINT
}
# timed LABEL CMD...: runs CMD (stdout+stderr to $OUT/drift-last-LABEL.log) under /usr/bin/time;
# sets LAST_US (wall, microseconds), LAST_KB (peak RSS) and LAST_RC (exit code).
timed() {
    local label=$1; shift
    local log=$OUT/drift-last-$label.log t0 t1
    t0=${EPOCHREALTIME/./}
    LAST_RC=0
    /usr/bin/time -o "$RES/time.out" -f %M "$@" >"$log" 2>&1 || LAST_RC=$?
    t1=${EPOCHREALTIME/./}
    LAST_US=$((t1 - t0))
    LAST_KB=$(tail -1 "$RES/time.out")
}
record() { echo "$3" >>"$RES/$1.$2"; }   # size metric value (one line per run, in run order)
median() { sort -g "$1" | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# median of the per-run ratios of drift to pg_dump (they ran back to back), with min-max
paired() {
    paste "$RES/$1.drift_us" "$RES/$1.dump_us" | awk '$2 > 0 {print $1 / $2}' | sort -g |
        awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.2fx (%.2f-%.2f)", m, a[1], a[NR]}'
}

DIRTY=()   # sizes whose drift did not exit 0
# (through env(1), not a shell function: /usr/bin/time runs programs)
run_dbctl() { local d=$1 db=$2; shift 2; env BENCH_PG_URL="$(url "$db")" "$DBCTL" --config "$d/dbctl.yaml" --no-color "$@"; }
drift_cmd() { run_dbctl "$1" "$2" drift --from live --against migrations --dev-url "$DEV_URL"; }

for n in $SIZES; do
    d=$W/n$n db=drift_$n
    say "bench: $n tables: generating the migration, migrate up"
    gen "$d" "$n"
    admin "CREATE DATABASE $db"
    timed "migrate-$n" env BENCH_PG_URL="$(url "$db")" "$DBCTL" --config "$d/dbctl.yaml" --no-color -q migrate up
    ((LAST_RC == 0)) || { tail -20 "$OUT/drift-last-migrate-$n.log" >&2; die "dbctl migrate up ($n tables) failed"; }
    echo "$LAST_US" >"$RES/$n.migrate_us"
    got=$("$PSQL" -X -d "$db" -Atc "select count(*) from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public' and c.relkind = 'r'")
    [[ $got == "$n" ]] || die "$db has $got tables, expected $n"
    admin "VACUUM ANALYZE" # settle the catalogs once, before anything is measured
    "$PSQL" -X -q -d "$db" -c "VACUUM ANALYZE" >/dev/null
    # warm-up (untimed): page cache, catalog caches; also the clean check of this size
    "$PG_DUMP" --schema-only -d "$db" >/dev/null
    rc=0; drift_cmd "$d" "$db" >"$OUT/drift-findings-$n.txt" 2>&1 || rc=$?
    if ((rc != 0)); then
        say "bench: $n tables: drift exited $rc (not clean); findings:"; head -40 "$OUT/drift-findings-$n.txt" >&2
        DIRTY+=("$n:rc=$rc")
    fi
    for ((r = 1; r <= RUNS; r++)); do
        say "bench: $n tables: run $r/$RUNS"
        order=(dump drift); ((r % 2 == 0)) && order=(drift dump)
        for t in "${order[@]}"; do
            quiesce
            case $t in
                dump) timed "dump-$n" "$PG_DUMP" --schema-only -d "$db" -f /dev/null
                      ((LAST_RC == 0)) || { tail -20 "$OUT/drift-last-dump-$n.log" >&2; die "pg_dump failed"; } ;;
                drift) timed "drift-$n" env BENCH_PG_URL="$(url "$db")" "$DBCTL" --config "$d/dbctl.yaml" --no-color \
                           drift --from live --against migrations --dev-url "$DEV_URL"
                       if ((LAST_RC != 0)); then
                           say "bench: $n tables: drift run $r exited $LAST_RC; findings:"; head -40 "$OUT/drift-last-drift-$n.log" >&2
                           DIRTY+=("$n:run$r:rc=$LAST_RC")
                       fi ;;
            esac
            record "$n" "${t}_us" "$LAST_US"; record "$n" "${t}_kb" "$LAST_KB"
        done
    done
    admin "DROP DATABASE $db WITH (FORCE)"   # the next size starts on an otherwise empty server
done

# ---------------------------------------------------------------- report
sizes=($SIZES)
first=${sizes[0]} last=${sizes[${#sizes[@]} - 1]}
ms() { awk -v u="$1" 'BEGIN {printf "%.0f ms", u / 1000}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
REPORT=$OUT/drift-report.md
{
    echo "dbctl drift bench: SIZES=\"$SIZES\", RUNS=$RUNS, PostgreSQL $PGVER, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
    echo "each table: 15 columns, pk, fk, 1 index; one migration for all. Times: medians; ratio: median of per-run"
    echo "ratios drift/pg_dump (run back to back, min-max over runs); peak MB: max RSS of the client over the runs."
    echo
    echo "| tables | pg_dump --schema-only | dbctl drift (replay + 2 inspects) | ratio | dbctl peak MB | pg_dump peak MB | migrate up (once) |"
    echo "| --- | --- | --- | --- | --- | --- | --- |"
    for n in "${sizes[@]}"; do
        echo "| $n | $(ms "$(median "$RES/$n.dump_us")") | $(ms "$(median "$RES/$n.drift_us")") | $(paired "$n") | $(mb "$(sort -n "$RES/$n.drift_kb" | tail -1)") | $(mb "$(sort -n "$RES/$n.dump_kb" | tail -1)") | $(ms "$(cat "$RES/$n.migrate_us")") |"
    done
    echo
    if [[ $first != "$last" ]]; then
        g() { awk -v a="$(median "$RES/$first.$1")" -v b="$(median "$RES/$last.$1")" 'BEGIN {printf "%.2fx", b / a}'; }
        echo "growth $first -> $last tables ($(awk -v a="$first" -v b="$last" 'BEGIN {printf "%.0fx", b / a}') the tables; near-linear = that): dbctl drift $(g drift_us), pg_dump $(g dump_us), dbctl peak RSS $(g drift_kb)"
    fi
    if ((${#DIRTY[@]})); then
        echo "drift NOT clean: ${DIRTY[*]} (findings in bench/out/drift-findings-<n>.txt / drift-last-drift-<n>.log)"
    else
        echo "drift exit 0 (clean) at every size and run"
    fi
    echo "targets: ratio <= 1.0x, dbctl peak < 200 MB, near-linear growth"
    echo "Raw samples (one line per run): bench/out/drift-results/<n>.{dump,drift}_{us,kb}"
} >"$REPORT"
cat "$REPORT"
