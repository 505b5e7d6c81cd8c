#!/usr/bin/env bash
# The main job on the built-in sandbox: provision and migrate all five platforms, apply
# OpenMineral's MongoDB spec and seed its Redis conventions (`dbctl up --all`, which ends with a
# drift check of every live database), then show migration status and drift.
# The sandbox (private PostgreSQL, Redis and Mongo-wire servers on loopback, data in .dbctl/)
# starts on demand; `dbctl sandbox down` stops it.
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet || exit 1
dbctl=./target/debug/dbctl
$dbctl up --all
up=$?
$dbctl migrate status --all || exit $?
$dbctl drift --all
drift=$?
if [ "$up" -ne 0 ] || [ "$drift" -ne 0 ]; then
  echo "demo: dbctl up exited $up, drift exited $drift (see the summaries above)" >&2
fi
exit $(( up > drift ? up : drift ))
