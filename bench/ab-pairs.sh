#!/usr/bin/env bash
# Alternating A/B runs of throughput.js for two built checkouts (e.g. a worktree of the base commit
# and this one), on the same database name, Redis flushed before each run.
#
#   bench/ab-pairs.sh ROUNDS DIR_A DIR_B [throughput.js arguments]
#   e.g. git worktree add /work/wt-base <commit> && (cd /work/wt-base && ln -s "$PWD/../main/node_modules" . && npm run build)
#        bench/ab-pairs.sh 3 /work/wt-base . --cases 12000 --seconds 20 --pgbench 0
#
# These machines' speed drifts by a third within an hour and by a quarter from one minute to the next
# (ADR 0011, 0014), more than most changes move the figures: compare A with the B next to it, never
# with a run of another hour. Each line also gives api ÷ PostgreSQL CPU, which a slow minute moves
# much less than either figure alone: a change to the api moves the first, one to SQL the inverse.
set -euo pipefail
rounds=$1; a=$(cd "$2" && pwd); b=$(cd "$3" && pwd); shift 3
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--cases 12000 --seconds 20 --pgbench 0)
log=$(mktemp -d)
figures() { # one run's log → events/s, p99, CPU per event by part, api ÷ postgres
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n");
    const json = JSON.parse(lines.filter((l) => l.startsWith("{")).pop()).throughput;
    const c = json.cpuMsPerEvent, f = json.cpuMsPerFiling;
    console.log(`events ${json.eventsPerSecond}/s p99 ${json.p99} ms · api ${c.api} worker ${c.worker} postgres ${c.postgres} · api÷pg ${(c.api / c.postgres).toFixed(2)}`
      + ` | filings ${json.filingPerSecond}/s p99 ${json.filingP99} ms · api÷pg ${(f.api / f.postgres).toFixed(2)}`);
  ' "$1"
}
for i in $(seq 1 "$rounds"); do
  for side in A B; do
    dir=$a; [ $side = B ] && dir=$b
    redis-cli flushall > /dev/null
    (cd "$dir" && node dist/bench/throughput.js --db casework_ab "${args[@]}" > "$log/$side$i.log" 2>&1) || true
    echo "$side $i $(date -u +%H:%M) $(figures "$log/$side$i.log")"
  done
done
echo "logs: $log"
