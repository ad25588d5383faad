#!/usr/bin/env bash
# One `carepack serve --demo` for the browser journeys, on a fresh store:
#   e2e/serve.sh sqlite|postgres PORT
# SQLite: a new data directory. PostgreSQL: the database console_e2e_<port>, dropped and
# created afresh. The ops token lets the journeys read the store's head from /ready.
set -euo pipefail
store=$1 port=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "/tmp/console-e2e-$store-$port-"*  # an earlier run's directory on this port
data=$(mktemp -d "/tmp/console-e2e-$store-$port-XXXXXX")
env_vars=(CAREPACK_DATA_DIR="$data" CAREPACK_PORT="$port" CAREPACK_HOST=127.0.0.1
  CAREPACK_OPS_TOKEN="${CAREPACK_E2E_OPS_TOKEN:-console-e2e-ops-token-0123456789abcdef}"
  CAREPACK_RATE_LIMIT_PER_SUBJECT=0 CAREPACK_RATE_LIMIT_PER_IP=0
  CAREPACK_CONSOLE_DIR="$here/console/dist")
if [ "$store" = postgres ]; then
  db="console_e2e_$port"
  admin=${CAREPACK_E2E_PG:-postgresql://postgres@127.0.0.1:5432}
  psql "$admin/postgres" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  env_vars+=(CAREPACK_DATABASE_URL="$admin/$db")
fi
# Only this server's settings: none inherited from the shell that runs the tests.
for name in $(env | grep -o '^CAREPACK_[A-Z_]*' || true); do unset "$name"; done
exec env "${env_vars[@]}" "$here/.venv/bin/carepack" serve --demo --patients "${CAREPACK_E2E_PATIENTS:-40}"
