#!/usr/bin/env bash
# Parse time of the five seed documents (no database): `bash bench/docs.sh [SEED_DIR]`.
# SEED_DIR defaults to ../shared/seed-docs beside the repository.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
cargo run --quiet --release --example docs_parse -- "${1:-$ROOT/../shared/seed-docs}"
