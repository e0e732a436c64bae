#!/usr/bin/env bash
# How a housing case moves, over the api with curl: filing → 集体评议 → village notice → township
# audit → assessment → township notice → county approval → county notice → agreement → construction
# → acceptance → handover, then the case's history and its audit-chain check.
#
# Against `npm run demo -- --fast` (a 7-day notice passes in about 15 s):
#   bash docs/walkthrough.sh
# Environment:
#   BASE_URL       the api's origin (default http://127.0.0.1:3000)
#   DEMO_PASSWORD  the demo users' password (default Demo#2026)
#   WAIT_SECONDS   how long to wait for each step the system does by itself (default 60)
# Needs bash, curl and node (for JSON). Exits 0 when the case is handed over and its chain verifies.
set -euo pipefail

API="${BASE_URL:-http://127.0.0.1:3000}/api"
PASSWORD="${DEMO_PASSWORD:-Demo#2026}"
WAIT_SECONDS="${WAIT_SECONDS:-60}"

fail() { echo "walkthrough: $*" >&2; exit 1; }
# json FIELD: one field of the JSON on stdin ("" when absent).
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v;try{v=JSON.parse(s)}catch{process.exit(3)}for(const k of process.argv[1].split("."))v=v==null?undefined:v[k];process.stdout.write(v==null?"":typeof v==="object"?JSON.stringify(v):String(v))})' "$1"; }
login() {
  local body token
  body=$(PASSWORD="$PASSWORD" node -e 'process.stdout.write(JSON.stringify({username:process.argv[1],password:process.env.PASSWORD}))' "$1")
  token=$(curl -sS "$API/auth/login" -H 'Content-Type: application/json' -d "$body" | json accessToken) || true
  [ -n "$token" ] || fail "login as $1 failed (is the api at $API, and is DEMO_PASSWORD right?)"
  echo "$token"
}
# send TOKEN TYPE PAYLOAD: posts one event, prints the new state; stops with the problem on any error.
send() {
  local out status
  out=$(curl -sS -w '\n%{http_code}' "$API/cases/$CASE/events" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d "{\"type\":\"$2\",\"payload\":$3}")
  status=${out##*$'\n'}; out=${out%$'\n'*}
  [ "$status" = 200 ] || fail "$2 answered $status: $(echo "$out" | json detail)"
  echo "  $2 → $(echo "$out" | json state)"
}
# wait_for STATE WHY: polls GET /api/cases/:id until the case is in STATE (the worker moves it).
wait_for() {
  local state="" until=$(( $(date +%s) + WAIT_SECONDS ))
  while :; do
    state=$(curl -sS "$API/cases/$CASE" -H "Authorization: Bearer $TOWN" | json state) || true
    [ "$state" = "$1" ] && { echo "  … $1 ($2)"; return 0; }
    if [ "$(date +%s)" -ge "$until" ]; then
      fail "after ${WAIT_SECONDS} s the case is still in '$state', not '$1' ($2). Notice periods last days of real time
unless WORKFLOW_TIME_SCALE shortens them: start the system with 'npm run demo -- --fast' (or raise WAIT_SECONDS)."
    fi
    sleep 0.5
  done
}

CLERK=$(login cun.yannali); TOWN=$(login zhen.xiaolukou)
ASSESSOR=$(login xian.liangshan.jianding); COUNTY=$(login xian.liangshan.zhujian); COUNTY2=$(login xian.liangshan.zhujian2)
# 闫建国's ID number (in the demo registry): the first 17 digits and the GB 11643 check digit.
ID=$(node -e 'const d="37083219650312102";const w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2];let s=0;for(let i=0;i<17;i++)s+=d[i]*w[i];console.log(d+"10X98765432"[s%11])')
KEY=$(node -p 'require("crypto").randomUUID()')

# 1. the village clerk files (Idempotency-Key makes a retried submission safe)
CASE=$(curl -sS "$API/cases" -H "Authorization: Bearer $CLERK" -H 'Content-Type: application/json' -H "Idempotency-Key: $KEY" \
  -d "{\"processKey\":\"housing-renovation\",\"villageCode\":\"370832001001\",
  \"applicant\":{\"name\":\"闫建国\",\"idNumber\":\"$ID\"},
  \"data\":{\"category\":\"registered_poor\",\"houseDescription\":\"土坯房，墙体开裂\"}}" | json id) || true
[ -n "$CASE" ] || fail "filing the case failed"
echo "1. filed case $CASE"

# 2. the registry check runs as a job (identity_check → collective_review); the clerk records the 集体评议
wait_for collective_review 'the worker checked the registry'
send "$CLERK" RECORD_COLLECTIVE_REVIEW \
  '{"meetingDate":"2026-11-20","attendees":31,"votesFor":29,"votesAgainst":1,"minutesRef":"会议记录11号","passed":true}'

# 3. the village notice (7 days; WORKFLOW_TIME_SCALE shortens it) ends by itself → township_audit
wait_for township_audit 'the village notice ended'
echo "3. the township officer's inbox holds $(curl -sS "$API/tasks" -H "Authorization: Bearer $TOWN" | json items.length) task(s)"
send "$TOWN" TOWNSHIP_APPROVE '{"opinion":"材料齐全，同意上报"}'

# 4. the county's assessor grades the house (D: rebuild) → township notice (7 days) → county approval
send "$ASSESSOR" SUBMIT_ASSESSMENT '{"grade":"D","reportRef":"梁住鉴〔2026〕0421","assessedAt":"2026-11-25"}'
wait_for county_approval 'the township notice ended'
send "$COUNTY" COUNTY_APPROVE '{"method":"rebuild","subsidyAmount":30000}'

# 5. county notice (5 days) → agreement; the township signs, reports progress and completion
wait_for agreement 'the county notice ended'
send "$TOWN" SIGN_AGREEMENT '{"agreementNo":"XLK-2026-007","signedAt":"2026-12-01","plannedCompletionDate":"2027-04-30"}'
send "$TOWN" REPORT_PROGRESS '{"percent":60,"note":"主体完工"}'
send "$TOWN" REPORT_COMPLETION '{"completedAt":"2027-04-20"}'

# 6. acceptance by another county_housing officer than the approver (separation of duties), handover
send "$COUNTY2" ACCEPTANCE_PASSED '{"checklist":{"foundation":true,"loadBearingStructure":true,"roof":true,"seismicMeasures":true,"enclosure":true,"basicFunctions":true,"areaWithinLimits":true,"signage":true},"inspectors":["梁山县住建局 李工","小路口镇 王工"]}'
send "$TOWN" HANDOVER '{"moveInDate":"2027-05-01","signInstalled":true}'

# 7. the history (one audit entry per step) and the hash chain's check
echo "7. history: $(curl -sS "$API/cases/$CASE/history" -H "Authorization: Bearer $TOWN" | json items.length) entries"
VERIFY=$(curl -sS "$API/audit/verify?caseId=$CASE" -H "Authorization: Bearer $TOWN")
[ "$(echo "$VERIFY" | json valid)" = true ] || fail "the audit chain does not verify: $VERIFY"
echo "   audit chain: valid ($(echo "$VERIFY" | json checked) entries checked)"
echo "walkthrough complete: case $CASE handed over"
