#!/usr/bin/env bash
# Redis benchmark for dbctl, one command: bench/redis.sh
#
# Starts a private redis-server on a free loopback port and measures, in the same run:
#   1. seeding 100,000 keys with `dbctl redis seed` vs
#      `redis-benchmark -P 64 -t set -n 100000 -r 100000` (target: within 2x);
#   2. auditing 1,000,000 keys with `dbctl redis audit` vs `redis-cli --scan | wc -l`
#      (target: within 1.5x; peak memory under 100 MB, from /usr/bin/time -v).
# dbctl's times are wall-clock for the whole process (start-up, reading the 100,000-key seed file,
# connecting), so they are what a user waits for. Results go to bench/out/redis.txt as well.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
for tool in redis-server redis-cli redis-benchmark /usr/bin/time python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (scripts/setup.sh installs Redis; apt-get install -y time)" >&2; exit 1; }
done
cargo build --release --quiet
dbctl="$CARGO_TARGET_DIR/release/dbctl"

work="$root/bench/data/redis"
out="$root/bench/out"
rm -rf "$work"; mkdir -p "$work/seeds/bench" "$out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$work/redis.pid" --logfile "$work/redis.log" --dir "$work" --enable-debug-command yes
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
cli() { redis-cli -p "$port" "$@"; }
now() { date +%s.%N; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.2f}')" "$1" "$2"; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2])-float(sys.argv[1]):.3f}')" "$1" "$2"; }

cat >"$work/dbctl.yaml" <<EOF
projects:
  bench:
    redis: { url: "redis://127.0.0.1:$port/0", conventions: seeds/bench/redis.yaml }
EOF
# Two specs with one convention: for the seed, 100,000 seed keys with 3-byte values (as
# redis-benchmark's SET writes) in a JSON Lines seed file; for the audit, no seed keys.
conv='conventions:
  - name: bench
    pattern: "key:<n:int>"
    placeholders: { n: counter }
    type: string
    ttl: any
    description: benchmark keys
'
printf '%s' "$conv" >"$work/seeds/bench/audit.yaml"
printf '%sseed_files: [bench.jsonl]\n' "$conv" >"$work/seeds/bench/redis.yaml"
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    for i in range(100000):
        f.write("{\"key\": \"key:%012d\", \"value\": \"xxx\"}\n" % i)
' "$work/seeds/bench/bench.jsonl"
sed 's#seeds/bench/redis.yaml#seeds/bench/audit.yaml#' "$work/dbctl.yaml" >"$work/audit.yaml"

echo "== seed: 100,000 keys" | tee "$out/redis.txt"
cli flushall >/dev/null
t0=$(now); redis-benchmark -p "$port" -P 64 -t set -n 100000 -r 100000 -q >/dev/null; t1=$(now)
ref=$(secs "$t0" "$t1")
cli flushall >/dev/null
t0=$(now); "$dbctl" --config "$work/dbctl.yaml" -q redis seed >/dev/null; t1=$(now)
ours=$(secs "$t0" "$t1")
keys=$(cli dbsize)
echo "redis-benchmark -P 64 -t set -n 100000 -r 100000: ${ref}s" | tee -a "$out/redis.txt"
echo "dbctl redis seed (100,000 keys, $keys in the db): ${ours}s  ratio $(ratio "$ours" "$ref")x (target <= 2)" | tee -a "$out/redis.txt"

echo "== audit: 1,000,000 keys" | tee -a "$out/redis.txt"
cli flushall >/dev/null
cli debug populate 1000000 key 3 >/dev/null   # key:0 .. key:999999, type string, no TTL
t0=$(now); n=$(redis-cli -p "$port" --scan | wc -l); t1=$(now)
ref=$(secs "$t0" "$t1")
t0=$(now)
/usr/bin/time -v -o "$work/time.txt" "$dbctl" --config "$work/audit.yaml" -q --json redis audit >"$work/audit.json" || test $? -eq 3
t1=$(now)
ours=$(secs "$t0" "$t1")
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time.txt")
scanned=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["audit"]["scanned"])' "$work/audit.json")
echo "redis-cli --scan | wc -l: ${ref}s ($n keys)" | tee -a "$out/redis.txt"
echo "dbctl redis audit: ${ours}s ($scanned keys)  ratio $(ratio "$ours" "$ref")x (target <= 1.5)  peak RSS $((rss_kb / 1024)) MB (target < 100)" | tee -a "$out/redis.txt"
