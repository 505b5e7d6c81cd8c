#!/usr/bin/env bash
# The main job on the built-in sandbox: migrate all five platforms (`dbctl up --all` ends with a
# drift check of every live database against its migrations), then show migration status and
# drift. The sandbox (a private PostgreSQL on loopback, data in .dbctl/) starts on demand;
# `dbctl sandbox down` stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
dbctl=./target/debug/dbctl
$dbctl up --all
$dbctl migrate status --all
$dbctl drift --all
