#!/usr/bin/env bash
# The scaled-stack browser journeys (PostgreSQL + Redis, 2 instances x 2 workers behind nginx with TLS)
# ROUNDS times in a row (default 5), each on a fresh stack; prints each round's outcome and fails if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser || exit 1
. scripts/env.sh
mkdir -p test-artifacts
rounds="${ROUNDS:-5}" failed=0
for round in $(seq 1 "$rounds"); do
  started=$(date +%s)
  if PORTAL_E2E_STACK=scaled python -m pytest -q -m e2e tests/e2e -p no:cacheprovider > "test-artifacts/soak-$round.log" 2>&1; then
    outcome="passed"
  else
    outcome="FAILED"; failed=$((failed + 1))
  fi
  summary=$(grep -E "^[0-9]+ (passed|failed)|^=+ .*(passed|failed)" "test-artifacts/soak-$round.log" | tail -1)
  echo "soak round $round/$rounds: $outcome in $(( $(date +%s) - started )) s (${summary:-no summary})"
done
echo "soak: $failed of $rounds rounds failed"
[ "$failed" -eq 0 ]
