#!/usr/bin/env bash
# npm run demo: the whole system with demo data on this machine — PostgreSQL and Redis (started if
# down), a fresh build, migrations, the demo seed, the console, the api and the worker.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/casework}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
# --fast: the system's own durations run 43200× faster (half a day a second), so a 7-day notice
# passes in about 14 s and docs/walkthrough.sh runs to the end in about a minute. SLA clocks, stage
# time limits and idle claims (CLAIM_IDLE_MINUTES) are scaled too. WORKFLOW_TIME_SCALE, when set, wins.
FAST_TIME_SCALE=43200
fast=0
for arg in "$@"; do
  case "$arg" in
    --fast) fast=1 ;;
    *) echo "usage: npm run demo [-- --fast]" >&2; exit 2 ;;
  esac
done
if [ "$fast" = 1 ]; then
  export WORKFLOW_TIME_SCALE="${WORKFLOW_TIME_SCALE:-$FAST_TIME_SCALE}"
else
  export WORKFLOW_TIME_SCALE="${WORKFLOW_TIME_SCALE:-1}"
fi
if [ "$WORKFLOW_TIME_SCALE" = 1 ]; then
  time_line="real time (WORKFLOW_TIME_SCALE=1): a 7-day notice lasts 7 days; 'npm run demo -- --fast' shortens it"
else
  time_line="WORKFLOW_TIME_SCALE=$WORKFLOW_TIME_SCALE: a 7-day notice lasts $(node -p "Math.round(7*86400/$WORKFLOW_TIME_SCALE*10)/10") s"
fi

bash scripts/services-up.sh

db_name="${DATABASE_URL##*/}"; db_name="${db_name%%\?*}"
admin_url="${DATABASE_URL%/*}/postgres"
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  psql "$admin_url" -c "CREATE DATABASE $db_name" >/dev/null
  echo "created database $db_name"
fi

[ -d node_modules ] || npm ci
npm run build --silent
# Demo mode: the demo seed may run and the api listens on loopback unless HOST says otherwise.
# Secrets are made once for this installation (random, in .demo/, git-ignored) unless given.
export DEMO_MODE=1
secrets_file=$(node dist/seeds/demo-secrets.js .demo/secrets.env)
while IFS='=' read -r key value; do
  if [[ $key =~ ^[A-Z_]+$ ]] && [ -z "${!key:-}" ]; then export "$key=$value"; fi
done < "$secrets_file"
if [ -f apps/console/package.json ]; then
  [ -d apps/console/node_modules ] || npm ci --prefix apps/console
  npm run build --prefix apps/console --silent >/dev/null
fi
npm run migrate --silent
npm run seed:demo --silent

mkdir -p tmp
node dist/apps/worker/src/main.js > tmp/worker.log 2>&1 &
worker=$!
node dist/apps/api/src/main.js > tmp/api.log 2>&1 &
api=$!
trap 'kill $api $worker 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
  sleep 0.5
done
node dist/seeds/demo-cases.js "http://127.0.0.1:$PORT" || echo "(demo cases were not filed; see above)"
cat <<MSG

  社会救助审批协同平台 is running (demo mode: listening on ${HOST:-127.0.0.1}; secrets in $secrets_file).
    console   http://127.0.0.1:$PORT/
    API docs  http://127.0.0.1:$PORT/docs
    health    http://127.0.0.1:$PORT/api/health
  Time: $time_line
  Walkthrough (curl): bash docs/walkthrough.sh
  Demo users (README): e.g. cun.yannali / zhen.xiaolukou, password: ${DEMO_PASSWORD:-Demo#2026}
  Logs: tmp/api.log, tmp/worker.log. Ctrl-C stops both.

MSG
wait $api $worker
