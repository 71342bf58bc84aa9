#!/bin/bash
# Times the Standalone host's first start: from process start until the bundled data is queryable (the lineage summary counts
# models, a Hub model's leaderboard scores are there, /api/access/benchmark-costs is not empty). Build first:
#   dotnet build services/Standalone -c Release && tools/first-start.sh [PORT]
# The host is left running (its pid is printed) on a fresh data directory under /tmp.
set -euo pipefail
PORT=${1:-18080}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=$(mktemp -d /tmp/openaccess-first-start.XXXX)
start=$(date +%s.%N)
dotnet "$ROOT/artifacts/bin/Standalone/release/OpenAccess.Standalone.dll" --urls "http://127.0.0.1:$PORT" \
  --OpenAccess:DataDirectory="$DATA" --Logging:LogLevel:Default=Warning > "$DATA/host.log" 2>&1 &
pid=$!
B="http://127.0.0.1:$PORT"
until curl -sf "$B/api/lineage/stats/summary" | grep -q '"models":[1-9]' \
   && curl -sf "$B/api/lineage/models/google/gemma-7b-it" | grep -q '"scores":{"' \
   && [ "$(curl -sf "$B/api/access/benchmark-costs" | head -c 2)" = '[{' ]; do
  kill -0 $pid 2>/dev/null || { echo "host exited; see $DATA/host.log"; exit 1; }
  sleep 0.25
done
echo "queryable $(echo "$(date +%s.%N) - $start" | bc) s after start (host pid $pid, data $DATA)"
