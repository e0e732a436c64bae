#!/usr/bin/env bash
# npm run demo: the whole system with demo data on this machine — PostgreSQL and Redis (started if
# down), a fresh build, migrations, the demo seed, the console, the api and the worker.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/casework}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
export WORKFLOW_TIME_SCALE="${WORKFLOW_TIME_SCALE:-1}"

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
  Demo users (README): e.g. cun.yannali / zhen.xiaolukou, password: ${DEMO_PASSWORD:-Demo#2026}
  Logs: tmp/api.log, tmp/worker.log. Ctrl-C stops both.

MSG
wait $api $worker
