#!/usr/bin/env bash
# npm test: every test of the project. Builds the api/worker (fault tests run the built worker as a
# child process) and the console (the browser tests load it), then runs jest (unit + e2e against
# the real PostgreSQL and Redis) and the console's vitest suite. Results: test-results/*.json.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/jest.json test-results/console.json

npm run build --silent || exit 1
if [ -f apps/console/package.json ]; then
  [ -d apps/console/node_modules ] || npm ci --prefix apps/console --no-audit --no-fund || exit 1
  npm run build --prefix apps/console --silent >/dev/null || exit 1
fi

npx jest --maxWorkers=2 --json --outputFile=test-results/jest.json "$@"
jest_status=$?
console_status=0
if [ -f apps/console/package.json ] && [ $# -eq 0 ]; then
  (cd apps/console && npx vitest run --reporter=default --reporter=json --outputFile=../../test-results/console.json)
  console_status=$?
fi
[ $jest_status -eq 0 ] && [ $console_status -eq 0 ]
