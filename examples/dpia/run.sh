#!/usr/bin/env bash
# The DPIA workflow of README.md, end to end, into OUT (default: dpia-output/).
set -euo pipefail
out=${1:-dpia-output}
mkdir -p "$out"
fp() { node dist/cli/main.js "$@"; }
fp init "$out/policy.yml" --for datasets/prospects.csv --force
set +e
fp audit datasets/prospects.csv --policy "$out/policy.yml" --format json --out "$out/audit.json" --bootstrap 200
gate=$?
set -e
fp report "$out/audit.json" --out "$out/audit.html" --dpia examples/dpia/dpia.yml
echo "policy gate exit code: $gate (2 = a rule failed: see the verdicts in $out/audit.html)"
