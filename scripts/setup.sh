#!/usr/bin/env bash
# Installs what dbctl's sandbox and tests need on a fresh Debian machine, and nothing that is
# already there: PostgreSQL server binaries (initdb, pg_ctl, pg_dump, psql) and Redis
# (redis-server, redis-cli, redis-benchmark).
# Safe to run again; it only installs what is missing.
set -euo pipefail

have_pg() {
  command -v initdb >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 ||
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

need=()
have_pg || need+=(postgresql postgresql-contrib)
command -v pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
# redis-server, redis-cli and redis-benchmark (sandbox, Redis tests, bench/redis.sh).
command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || need+=(redis-server)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing ${need[*]}; run as root or install them: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# A MongoDB-wire server for the Mongo sandbox and tests: no mongod installs from the registries
# these machines reach, so SecantusDB (PyPI, pre-release) goes into .dbctl/venv. A real mongod on
# PATH is preferred by dbctl where there is one.
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.dbctl/venv"
if [ ! -x "$venv/bin/secantusd-py" ]; then
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "setup: python3 cannot create virtual environments; run as root or: apt-get install -y python3-venv" >&2
      exit 1
    fi
    echo "setup: installing python3-venv" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  echo "setup: installing SecantusDB into $venv" >&2
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --pre SecantusDB
fi

# The Debian package starts a cluster of its own on 5432; dbctl never uses it.
# The Debian redis-server package starts a service on 6379 where systemd runs; dbctl never uses it.
echo "setup: ok (PostgreSQL $(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1), $(redis-server --version | cut -d' ' -f1-3); Mongo-wire server $venv/bin/secantusd-py)" >&2
