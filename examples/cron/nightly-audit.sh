#!/bin/sh
# Nightly fairness audit: judges the last window of scored leads by the fairness policy, keeps every
# result (audits/YYYY-MM-DD/), and says plainly what happened. Exit codes are fairprobe's:
#   0 pass (warnings allowed) · 2 a rule failed · 1 usage or input error · 3 internal error
# Usage: nightly-audit.sh SCORED_DATA [POLICY]
set -u
DATA=${1:?usage: nightly-audit.sh SCORED_DATA [POLICY]}
POLICY=${2:-fairness-policy.yml}
DAY=$(date -u +%Y-%m-%d)
OUT=audits/$DAY
mkdir -p "$OUT"

npx --no-install fairprobe audit "$DATA" --policy "$POLICY" --format json --out "$OUT/audit.json"
code=$?
if [ -f "$OUT/audit.json" ]; then
  npx --no-install fairprobe report "$OUT/audit.json" --out "$OUT/report.html"
fi

case $code in
  0) echo "$DAY: fairness policy passed ($OUT/report.html)" ;;
  2) echo "$DAY: FAIRNESS POLICY FAILED: see $OUT/report.html" ;;
  *) echo "$DAY: the audit could not run (exit $code); see the error above" ;;
esac
exit $code
