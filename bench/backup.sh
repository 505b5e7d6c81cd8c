#!/usr/bin/env bash
# Benchmark: `dbctl backup create` (pg_dump -Fd -j 2, then sha256 of every file, manifest)
# against plain `pg_dump -Fd -j 2` of the same database, in the same run.
#
#   bench/backup.sh                 # ~2 GB database, 3 rounds
#   SIZE_GB=0.2 ROUNDS=1 bench/backup.sh
#   DBCTL=target/debug/dbctl bench/backup.sh   # skip the release build
#
# The data is generated with SQL (generate_series) in a private sandbox under a temporary
# directory, which is removed at the end (the server is stopped). Prints wall-clock ratios and
# peak RSS (from /usr/bin/time -v). Targets: ratio <= 1.10, dbctl peak RSS < 100 MB.
set -euo pipefail

SIZE_GB="${SIZE_GB:-2}"
ROUNDS="${ROUNDS:-3}"
JOBS="${JOBS:-2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

if [[ -z "${DBCTL:-}" ]]; then
  (cd "$ROOT" && cargo build --release --quiet)
  DBCTL="${CARGO_TARGET_DIR:-$ROOT/target}/release/dbctl"
fi
DBCTL="$(cd "$(dirname "$DBCTL")" && pwd)/$(basename "$DBCTL")"
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }

WORK="$(mktemp -d /tmp/dbctl-bench.XXXXXX)"
chmod 755 "$WORK" # as root the sandbox server runs as user postgres, which must enter it
cleanup() {
  (cd "$WORK" && "$DBCTL" sandbox down >/dev/null 2>&1) || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/migrations/main"
cat >"$WORK/dbctl.yaml" <<EOF
sandbox_dir: $WORK/sandbox
backup_dir: $WORK/backups
projects:
  bench:
    postgres:
      main: { migrations: migrations/main }
EOF
cd "$WORK"
"$DBCTL" -q sandbox up
eval "$("$DBCTL" sandbox env | grep -E '^export PG(HOST|PORT|USER)=')"
export PGDATABASE=bench_main
PSQL="$(dirname "$(command -v pg_dump || echo /usr/lib/postgresql/15/bin/pg_dump)")/psql"
[[ -x "$PSQL" ]] || PSQL="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql"
PG_DUMP="$(dirname "$PSQL")/pg_dump"

# ~120 bytes per row on disk; two tables so that -j 2 has two to work on.
ROWS="$(python3 -c "print(int($SIZE_GB * 1024**3 / 2 / 125))")"
echo "bench: generating 2 tables x $ROWS rows (~${SIZE_GB} GB)..." >&2
for t in a b; do
  "$PSQL" -q -v ON_ERROR_STOP=1 -c "CREATE TABLE IF NOT EXISTS t_$t (id bigint PRIMARY KEY, h1 text, h2 text, n int, ts timestamptz)" \
    -c "INSERT INTO t_$t SELECT g, md5(g::text), md5((g * 7)::text), (g % 100000)::int, timestamptz '2024-01-01' + g * interval '1 second' FROM generate_series(1, $ROWS) g" &
done
wait
"$PSQL" -q -c "VACUUM ANALYZE" >/dev/null
DBSIZE="$("$PSQL" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")"
echo "bench: database size $DBSIZE" >&2

run_timed() { # label, command...
  local label="$1"; shift
  local log="$WORK/time.$label.log"
  sync
  /usr/bin/time -v "$@" >/dev/null 2>"$log"
  local wall rss
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
  echo "$wall $rss"
}

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (b + 0 > a + 0) ? b : a }'; }
best_dump=""; best_dbctl=""; rss_dbctl=0; rss_dump=0
for round in $(seq 1 "$ROUNDS"); do
  # Alternate the order so neither side always runs on a warmer cache or a quieter machine.
  for side in $( ((round % 2)) && echo "dump dbctl" || echo "dbctl dump"); do
    rm -rf "$WORK/plain" "$WORK/backups"
    if [[ $side == dump ]]; then
      read -r w r < <(run_timed "pg_dump$round" "$PG_DUMP" -Fd -j "$JOBS" -f "$WORK/plain")
      echo "round $round: pg_dump -Fd -j $JOBS          ${w}s  peak RSS ${r} KB" >&2
      best_dump="$(min "$best_dump" "$w")"; rss_dump="$(max "$rss_dump" "$r")"
    else
      read -r w r < <(run_timed "dbctl$round" "$DBCTL" -q backup create -j "$JOBS")
      echo "round $round: dbctl backup create -j $JOBS  ${w}s  peak RSS ${r} KB" >&2
      best_dbctl="$(min "$best_dbctl" "$w")"; rss_dbctl="$(max "$rss_dbctl" "$r")"
    fi
  done
done
[[ -d "$WORK/backups" ]] || "$DBCTL" -q backup create -j "$JOBS" >/dev/null
# The checksum pass on its own (what dbctl adds to pg_dump), timed by re-verifying every file.
read -r vw vr < <(run_timed verify "$DBCTL" -q backup verify) || { echo "bench: the backup does not verify" >&2; exit 1; }
DUMPSIZE="$(du -sh "$WORK/backups" | cut -f1)"

ratio="$(awk -v a="$best_dbctl" -v b="$best_dump" 'BEGIN { printf "%.3f", a / b }')"
echo "database:            $DBSIZE (rows: 2 x $ROWS)"
echo "pg_dump -Fd -j $JOBS:     best ${best_dump}s, peak RSS $((rss_dump / 1024)) MB"
echo "dbctl backup create: best ${best_dbctl}s, peak RSS $((rss_dbctl / 1024)) MB (max over dbctl and its pg_dump children)"
echo "checksum pass:       ${vw}s over $DUMPSIZE of dump files, peak RSS $((vr / 1024)) MB"
echo "ratio dbctl/pg_dump: ${ratio} (best of $ROUNDS each; target <= 1.10)"
echo "ratio (pg_dump + checksum pass) / pg_dump: $(awk -v a="$best_dump" -v v="$vw" 'BEGIN { printf "%.3f", (a + v) / a }') (less sensitive to a busy machine)"
awk -v r="$ratio" -v m="$rss_dbctl" 'BEGIN { exit !(r <= 1.10 && m < 100 * 1024) }' && echo "result: PASS" || { echo "result: FAIL"; exit 3; }
