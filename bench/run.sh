#!/usr/bin/env bash
# dbctl benchmark: apply / status / down / --version against a private PostgreSQL, reported as
# ratios to a psql reference measured in the same run (the machine is noisy: seconds mean little).
#
#   bash bench/run.sh                 # N=1000 RUNS=5, dbmate if npm can install it, sqlx-cli if cached
#   PEERS=1 bash bench/run.sh         # also cargo-install sqlx-cli (minutes, cached in bench/out/tools)
#   PEERS=0 bash bench/run.sh         # dbctl and the references only
#
# Env: N (migrations, 1000), RUNS (5), DOWN_STEPS (100), VERSION_LOOPS (calls per --version sample,
# 20), DBCTL_BIN (skip the build), CARGO_TARGET_DIR (build dir; default bench/out/target),
# KEEP=1 (keep the server's data dir for inspection).
#
# The server is started the way dbctl's sandbox starts it (src/sandbox/postgres.rs): initdb as user
# postgres when root, trust auth on 127.0.0.1 only, no Unix socket, fsync/synchronous_commit/
# full_page_writes off. dbctl, psql and the peers all talk TCP to that one server. Every timed
# command of apply and down gets a fresh database (copied from a template for down); tools run
# alternately, in rotating order, RUNS times; the table shows medians.
set -euo pipefail

N=${N:-1000}
RUNS=${RUNS:-5}
PEERS=${PEERS:-auto}
DOWN_STEPS=${DOWN_STEPS:-100}
VERSION_LOOPS=${VERSION_LOOPS:-20}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out
TOOLS=$OUT/tools
RES=$OUT/results
mkdir -p "$OUT" "$TOOLS"
rm -rf "$RES" && mkdir -p "$RES"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }
((DOWN_STEPS <= N)) || die "DOWN_STEPS ($DOWN_STEPS) must not exceed N ($N)"

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
# psql from the server's bin dir: Debian's /usr/bin/psql is pg_wrapper, a Perl script that adds
# ~30 ms of interpreter start-up to every call and would flatter every ratio to it.
PSQL=$(dirname "$INITDB")/psql
[[ -x $PSQL ]] || PSQL=$(readlink -f "$(pg_bin psql)")

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

# ---------------------------------------------------------------- server
# The data dir lives under bench/data when user postgres can reach it, else under /tmp.
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
say "bench: PostgreSQL $("$PSQL" --version | awk '{print $3}') on 127.0.0.1:$PORT (fsync off, trust)"

export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=postgres PGSSLMODE=disable PSQLRC=/dev/null
url() { echo "postgres://postgres@127.0.0.1:$PORT/$1?sslmode=disable"; }
admin() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres -c "$1" >/dev/null; }
createdb_() { admin "CREATE DATABASE \"$1\"${2:+ TEMPLATE \"$2\"}"; }
dropdb_() { admin "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"; }

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
say "bench: $("$DBCTL" --version) ($DBCTL)"

# ---------------------------------------------------------------- peers
SQLX="" DBMATE=""
if [[ $PEERS != 0 ]]; then
    if [[ -x $TOOLS/bin/sqlx ]]; then
        SQLX=$TOOLS/bin/sqlx
    elif [[ $PEERS == 1 ]]; then
        say "bench: cargo install sqlx-cli into $TOOLS (takes minutes; cached afterwards)"
        if cargo install sqlx-cli --no-default-features --features postgres,rustls --locked \
            --root "$TOOLS" >"$OUT/sqlx-install.log" 2>&1; then
            SQLX=$TOOLS/bin/sqlx
        else
            say "bench: peer sqlx-cli left out: cargo install failed (see $OUT/sqlx-install.log: $(tail -1 "$OUT/sqlx-install.log"))"
        fi
    else
        say "bench: peer sqlx-cli left out: not cached in $TOOLS/bin (run with PEERS=1 to cargo-install it)"
    fi
    find_dbmate() { find "$TOOLS/node_modules" -path '*@dbmate/*/bin/dbmate' -type f 2>/dev/null | head -1; }
    DBMATE=$(find_dbmate)
    if [[ -z $DBMATE ]]; then
        if ! command -v npm >/dev/null 2>&1; then
            say "bench: peer dbmate left out: npm is not installed"
        elif npm install --silent --no-audit --no-fund --prefix "$TOOLS" dbmate >"$OUT/dbmate-install.log" 2>&1; then
            DBMATE=$(find_dbmate)
            # Fall back to the package's launcher if the platform binary is laid out differently.
            [[ -n $DBMATE ]] || { [[ -x $TOOLS/node_modules/.bin/dbmate ]] && DBMATE=$TOOLS/node_modules/.bin/dbmate; }
            [[ -n $DBMATE ]] || say "bench: peer dbmate left out: npm installed no dbmate binary for this platform"
        else
            say "bench: peer dbmate left out: npm install failed (see $OUT/dbmate-install.log: $(tail -1 "$OUT/dbmate-install.log"))"
        fi
    fi
    if [[ -n $DBMATE ]] && ! "$DBMATE" --version >/dev/null 2>&1; then
        say "bench: peer dbmate left out: $DBMATE does not run"; DBMATE=""
    fi
    if [[ -n $SQLX ]] && ! "$SQLX" --version >/dev/null 2>&1; then
        say "bench: peer sqlx-cli left out: $SQLX does not run"; SQLX=""
    fi
    [[ -n $SQLX ]] && say "bench: peer $("$SQLX" --version)"
    [[ -n $DBMATE ]] && say "bench: peer dbmate $("$DBMATE" --version 2>&1 | awk '{print $NF}')"
else
    say "bench: peers skipped (PEERS=0)"
fi

# ---------------------------------------------------------------- generated work
W=$OUT/work
rm -rf "$W" && mkdir -p "$W/project/migrations/app/main/phase1" "$W/sqlx" "$W/dbmate" "$W/ref"
cat >"$W/project/dbctl.yaml" <<'EOF'
# generated by bench/run.sh
projects:
  app:
    postgres:
      main: { url: "${BENCH_PG_URL}", migrations: migrations/app/main }
EOF
say "bench: generating $N V/U pairs in $W"
python3 - "$W" "$N" "$DOWN_STEPS" <<'EOF'
import os, sys
w, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ph = os.path.join(w, "project/migrations/app/main/phase1")
up = lambda i: f"CREATE TABLE t_{i}(id int primary key, v text);\n"
down = lambda i: f"DROP TABLE t_{i};\n"
for i in range(1, n + 1):
    open(f"{ph}/V{i}__t{i}.sql", "w").write(up(i))
    open(f"{ph}/U{i}__t{i}.sql", "w").write(down(i))
    open(f"{w}/sqlx/{i}_t{i}.up.sql", "w").write(up(i))
    open(f"{w}/sqlx/{i}_t{i}.down.sql", "w").write(down(i))
    open(f"{w}/dbmate/{i:06d}_t{i}.sql", "w").write(f"-- migrate:up\n{up(i)}\n-- migrate:down\n{down(i)}")
open(f"{w}/ref/apply.sql", "w").write("".join(up(i) for i in range(1, n + 1)))
open(f"{w}/ref/down.sql", "w").write("".join(down(i) for i in range(n, n - k, -1)))
EOF

PSQLQ=("$PSQL" -X -q -v ON_ERROR_STOP=1)
run_dbctl() { BENCH_PG_URL=$(url "$1") "$DBCTL" --config "$W/project/dbctl.yaml" --no-color "${@:2}"; }
run_sqlx() { "$SQLX" migrate "$2" --source "$W/sqlx" --database-url "$(url "$1")" "${@:3}"; }
run_dbmate() { "$DBMATE" --url "$(url "$1")" --migrations-dir "$W/dbmate" --no-dump-schema "${@:2}"; }

# ---------------------------------------------------------------- timing
LAST_US=0 LAST_CPU=0
# CPU as well as wall time: the machine is shared, and when other engineers' builds load it the
# wall time of the same work swings 5-10x; the CPU spent by client + server barely moves.
# Server CPU: the postmaster's reaped children (cutime+cstime) plus its live processes, in
# clock ticks; client CPU: getrusage of the command's processes (bash `times`).
CLK_TCK=$(getconf CLK_TCK)
PM_PID=$(head -1 "$PGDATA_DIR/postmaster.pid")
pm_children() { cat /proc/"$PM_PID"/task/*/children 2>/dev/null; }
AUX_N=$(pm_children | wc -w)   # checkpointer, bgwriter, walwriter, launchers: no client is connected yet
server_ticks() {
    local t f pid
    read -r -a f <<<"$(sed 's/^.*) //' /proc/"$PM_PID"/stat)"
    t=$((f[11] + f[12] + f[13] + f[14]))
    for pid in $(pm_children); do
        read -r -a f <<<"$(sed 's/^.*) //' /proc/"$pid"/stat 2>/dev/null)" || continue
        ((${#f[@]} > 12)) && t=$((t + f[11] + f[12]))
    done
    echo "$t"
}
tm_us() { awk -v m="${1%%m*}" -v s="${1#*m}" 'BEGIN {sub(/s$/, "", s); printf "%d", (m * 60 + s) * 1e6}'; }
# timed LABEL CMD...: runs CMD (output to a log), sets LAST_US (wall) and LAST_CPU (client+server).
timed() {
    local label=$1; shift
    local log=$OUT/last-$label.log out s0 s1 k0 i lines
    s0=$(server_ticks)
    if ! out=$(
        t0=${EPOCHREALTIME/./}
        "$@" >"$log" 2>&1 || exit 1
        t1=${EPOCHREALTIME/./}
        echo $((t1 - t0))
        times
    ); then
        say "bench: $label failed: $*"; tail -20 "$log" >&2; exit 1
    fi
    # wait for the command's backends to exit and be reaped, so their CPU is counted
    for ((i = 0; i < 200; i++)); do (($(pm_children | wc -w) <= AUX_N)) && break; sleep 0.01; done
    s1=$(server_ticks)
    mapfile -t lines <<<"$out"
    LAST_US=${lines[0]}
    read -r cu cs <<<"${lines[2]}"
    LAST_CPU=$(($(tm_us "$cu") + $(tm_us "$cs") + (s1 - s0) * 1000000 / CLK_TCK))
}
record() { echo "$3" >>"$RES/$1.$2"; }   # scenario tool microseconds (one line per run, in run order)
# Before each timed command: let the server settle (autovacuum of the catalogs the last run
# bloated, dirty buffers), so one tool does not pay for the previous tool's work.
quiesce() {
    local i n
    for ((i = 0; i < 30; i++)); do
        n=$("$PSQL" -X -d postgres -Atc "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker' or (backend_type = 'client backend' and pid <> pg_backend_pid())")
        [[ $n == 0 ]] && (($(pm_children | wc -w) <= AUX_N + 1)) && break
        sleep 0.1
    done
    admin CHECKPOINT
}
# Ratio of TOOL to the reference, paired by run (both ran back to back, so slow drift of the
# machine's load cancels): "median min max" of the per-run ratios.
paired() {
    [[ -s $RES/$1.$2 && -s $RES/$1.ref ]] || return 0
    paste "$RES/$1.$2" "$RES/$1.ref" | awk '$2 > 0 {print $1 / $2}' | sort -g |
        awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.2f %.2f %.2f\n", m, a[1], a[NR]}'
}
median() {   # scenario tool -> microseconds (empty if no samples)
    [[ -s $RES/$1.$2 ]] || return 0
    sort -n "$RES/$1.$2" | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'
}
# rotate the tool list by the run number so no tool always goes first
rotated() { local r=$1; shift; local a=("$@") n=$# i; for ((i = 0; i < n; i++)); do echo "${a[(i + r) % n]}"; done; }

peers=()
[[ -n $SQLX ]] && peers+=(sqlx)
[[ -n $DBMATE ]] && peers+=(dbmate)

# ---------------------------------------------------------------- templates (untimed)
# One database per tool with all N applied by that tool, for status and as copy source for down.
say "bench: preparing templates (all $N applied by each tool)"
createdb_ tpl_dbctl && run_dbctl tpl_dbctl -q migrate up >"$OUT/tpl.log" 2>&1 || { cat "$OUT/tpl.log" >&2; die "dbctl migrate up failed"; }
n_hist=$("${PSQLQ[@]}" -d tpl_dbctl -Atc 'select count(*) from dbctl.schema_history')
[[ $n_hist == "$N" ]] || die "dbctl recorded $n_hist of $N migrations"
createdb_ tpl_psql && "${PSQLQ[@]}" -d tpl_psql -1 -f "$W/ref/apply.sql" >/dev/null
for p in "${peers[@]}"; do
    createdb_ "tpl_$p"
    case $p in
        sqlx) run_sqlx tpl_sqlx run >"$OUT/tpl.log" 2>&1 || { cat "$OUT/tpl.log" >&2; die "sqlx migrate run failed"; } ;;
        dbmate) run_dbmate tpl_dbmate migrate >"$OUT/tpl.log" 2>&1 || { cat "$OUT/tpl.log" >&2; die "dbmate migrate failed"; } ;;
    esac
done

# ---------------------------------------------------------------- scenarios
# apply: N tiny migrations on a fresh database.
apply_one() {   # tool run
    local db=a_$1_$2
    createdb_ "$db"
    quiesce
    case $1 in
        ref) timed apply-ref "${PSQLQ[@]}" -d "$db" -1 -f "$W/ref/apply.sql" ;;
        psql_each) timed apply-psql_each "${PSQLQ[@]}" -d "$db" -f "$W/ref/apply.sql" ;;
        dbctl) timed apply-dbctl run_dbctl "$db" migrate up ;;
        sqlx) timed apply-sqlx run_sqlx "$db" run ;;
        dbmate) timed apply-dbmate run_dbmate "$db" migrate ;;
    esac
    record apply "$1" "$LAST_US"; record apply-cpu "$1" "$LAST_CPU"
    dropdb_ "$db"
}
# status with N applied (read-only, on the templates).
status_one() {
    quiesce
    case $1 in
        ref) timed status-ref "${PSQLQ[@]}" -d tpl_dbctl -c 'select * from dbctl.schema_history' ;;
        dbctl) timed status-dbctl run_dbctl tpl_dbctl migrate status ;;
        sqlx) timed status-sqlx run_sqlx tpl_sqlx info ;;
        dbmate) timed status-dbmate run_dbmate tpl_dbmate status ;;
    esac
    record status "$1" "$LAST_US"; record status-cpu "$1" "$LAST_CPU"
}
# down: roll back the newest DOWN_STEPS in one call (dbmate: one call per step), fresh copy each time.
dbmate_down_k() { local i; for ((i = 0; i < DOWN_STEPS; i++)); do run_dbmate "$1" rollback || return 1; done; }
down_one() {
    local db=d_$1_$2 src=tpl_$1
    [[ $1 == ref ]] && src=tpl_dbctl   # same database state as dbctl's; psql only runs the drops
    createdb_ "$db" "$src"
    quiesce
    case $1 in
        ref) timed down-ref "${PSQLQ[@]}" -d "$db" -1 -f "$W/ref/down.sql" ;;
        dbctl) timed down-dbctl run_dbctl "$db" migrate down --steps "$DOWN_STEPS" --yes ;;
        sqlx) timed down-sqlx run_sqlx "$db" revert --target-version "$((N - DOWN_STEPS))" ;;
        dbmate) timed down-dbmate dbmate_down_k "$db" ;;
    esac
    record down "$1" "$LAST_US"; record down-cpu "$1" "$LAST_CPU"
    dropdb_ "$db"
}
# --version: VERSION_LOOPS calls per sample; reference /bin/true (the process-spawn floor).
loop_n() { local i; for ((i = 0; i < VERSION_LOOPS; i++)); do "$@" >/dev/null || return 1; done; }
version_one() {
    case $1 in
        ref) timed version-ref loop_n /bin/true ;;
        dbctl) timed version-dbctl loop_n "$DBCTL" --version ;;
        sqlx) timed version-sqlx loop_n "$SQLX" --version ;;
        dbmate) timed version-dbmate loop_n "$DBMATE" --version ;;
    esac
    record version "$1" "$((LAST_US / VERSION_LOOPS))"; record version-cpu "$1" "$((LAST_CPU / VERSION_LOOPS))"
}

for ((r = 1; r <= RUNS; r++)); do
    say "bench: run $r/$RUNS"
    for t in $(rotated "$r" ref dbctl psql_each "${peers[@]}"); do apply_one "$t" "$r"; done
    for t in $(rotated "$r" ref dbctl "${peers[@]}"); do status_one "$t"; done
    for t in $(rotated "$r" ref dbctl "${peers[@]}"); do down_one "$t" "$r"; done
    for t in $(rotated "$r" ref dbctl "${peers[@]}"); do version_one "$t"; done
done

# ---------------------------------------------------------------- report
ms() { [[ -n $1 ]] && awk -v u="$1" 'BEGIN {printf (u < 10000 ? "%.2f ms" : "%.0f ms"), u / 1000}' || echo "-"; }
pr() {   # scenario tool -> "1.23x (1.10-1.40)" or "-"
    local p; p=$(paired "$1" "$2")
    [[ -n $p ]] && awk -v m="${p%% *}" -v r="${p#* }" 'BEGIN {split(r, x, " "); printf "%.2fx (%.2f-%.2f)", m, x[1], x[2]}' || echo "-"
}
REPORT=$OUT/report.md
{
    echo "dbctl bench: N=$N, RUNS=$RUNS, DOWN_STEPS=$DOWN_STEPS, PostgreSQL $("$PSQL" --version | awk '{print $3}'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
    echo "times: medians; ratio: median of per-run ratios to the reference run next to it (min-max over runs)"
    echo
    echo "| scenario | dbctl | reference | ratio | target | met? | cpu ratio (client+server) |"
    echo "| --- | --- | --- | --- | --- | --- | --- |"
    row() {   # scenario title reference-title max-ratio
        local p met
        p=$(paired "$1" dbctl)
        met=$(awk -v a="${p%% *}" -v m="$4" 'BEGIN {print (a <= m ? "yes" : "NO")}')
        echo "| $2 | $(ms "$(median "$1" dbctl)") | $(ms "$(median "$1" ref)") ($3) | $(pr "$1" dbctl) | <= ${4}x | $met | $(pr "$1-cpu" dbctl) |"
    }
    row apply "apply $N, one tx each" "psql -1 -f" 1.3
    row status "status, $N applied" "psql -c 'select * from history'" 1.3
    row down "down --steps $DOWN_STEPS, one call" "psql -1 of the $DOWN_STEPS drops" 1.4
    d=$(median version dbctl)
    echo "| --version | $(ms "$d") | $(ms "$(median version ref)") (/bin/true) | $(pr version dbctl) | < 5 ms | $(awk -v a="$d" 'BEGIN {print (a < 5000 ? "yes" : "NO")}') | $(pr version-cpu dbctl) |"
    echo
    echo "Peers and other references: wall ratio / cpu ratio to the same reference (the issue's wall numbers in brackets):"
    echo
    echo "| scenario | dbctl | psql, one tx per statement | sqlx-cli | dbmate |"
    echo "| --- | --- | --- | --- | --- |"
    pc() { local c; c=$(paired "$1-cpu" "$2"); echo "$(pr "$1" "$2")${c:+ / ${c%% *}x}"; }
    prow() { echo "| $2 | $(pc "$1" dbctl) | $(pc "$1" psql_each) $3 | $(pc "$1" sqlx) $4 | $(pc "$1" dbmate) $5 |"; }
    prow apply "apply $N" "[1.12-1.15x]" "[1.64x]" "[1.77x]"
    prow status "status" "" "[1.5-1.8x]" "[1.2-1.4x]"
    prow down "down $DOWN_STEPS" "" "[2.1x]" "[48x, one call per step]"
    echo "| --version (median, absolute) | $(ms "$(median version dbctl)") | | $(ms "$(median version sqlx)") [1 ms] | $(ms "$(median version dbmate)") [7 ms] |"
    [[ -n $SQLX ]] || echo "(sqlx-cli not run$([[ $PEERS == 0 ]] && echo ': PEERS=0' || echo '; PEERS=1 installs it'))"
    [[ -n $DBMATE ]] || echo "(dbmate not run$([[ $PEERS == 0 ]] && echo ': PEERS=0'))"
    [[ -z $SQLX ]] || echo "(sqlx-cli: $("$SQLX" --version); dbmate: $([[ -n $DBMATE ]] && "$DBMATE" --version | awk '{print $NF}'))"
    echo
    echo "Raw samples (microseconds, one line per run) are in bench/out/results/<scenario>.<tool>."
} >"$REPORT"
cat "$REPORT"
