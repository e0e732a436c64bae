#!/usr/bin/env bash
# npm test: every test of the project. Builds the api/worker (fault tests run the built worker as a
# child process) and the console (the browser tests load it), then runs jest (unit + e2e against
# the real PostgreSQL and Redis) and the console's vitest suite. Results: test-results/*.json.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/jest.json test-results/jest-postgres-queues.json test-results/console.json

npm run build --silent || exit 1
if [ -f apps/console/package.json ]; then
  [ -d apps/console/node_modules ] || npm ci --prefix apps/console --no-audit --no-fund || exit 1
  npm run build --prefix apps/console --silent >/dev/null || exit 1
fi

npx jest --maxWorkers=2 --json --outputFile=test-results/jest.json "$@"
jest_status=$?
# The same system on BullMQ's PostgreSQL queue backend (what `npm run demo` uses without REDIS_URL):
# the housing path with its notice timers, its stage time limits (SLA clocks), and a worker killed
# mid-payment. (housing-timers stops Redis in one of its tests: not on this backend.)
if [ $# -eq 0 ]; then
  TEST_QUEUE_BACKEND=postgres npx jest --selectProjects e2e --maxWorkers=2 --json --outputFile=test-results/jest-postgres-queues.json \
    --testPathPatterns 'housing-renovation|housing-sla|payment-crash'
  [ $? -eq 0 ] || jest_status=1
fi
console_status=0
if [ -f apps/console/package.json ] && [ $# -eq 0 ]; then
  (cd apps/console && npx vitest run --reporter=default --reporter=json --outputFile=../../test-results/console.json)
  console_status=$?
fi
[ $jest_status -eq 0 ] && [ $console_status -eq 0 ]
