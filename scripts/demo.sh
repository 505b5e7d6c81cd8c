#!/usr/bin/env bash
# The main job on the built-in sandbox: provision and migrate all five platforms, then show
# migration status. The sandbox (a private PostgreSQL on loopback, data in .dbctl/) starts on
# demand; `dbctl sandbox down` stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
dbctl=./target/debug/dbctl
$dbctl up --all
$dbctl migrate status --all
