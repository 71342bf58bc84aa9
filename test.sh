#!/usr/bin/env bash
# Runs every test project of the solution against a real RabbitMQ broker and prints one closing line
# "N passed, N failed" summed over all projects. Installs rabbitmq-server from Debian when it is
# missing, starts it when none answers, and stops only a broker it started itself.
# Environment: OPENACCESS_TEST_RABBITMQ (amqp URI of the broker, default the local one),
#              OPENACCESS_TEST_MONGODB (a MongoDB connection string: also runs the MongoDB store contract tests).
set -uo pipefail
cd "$(dirname "$0")"

results="$(pwd)/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
started_broker=0

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

broker_up() { rabbitmq-diagnostics -q check_running >/dev/null 2>&1; }

start_broker() {
  if [ -n "${OPENACCESS_TEST_RABBITMQ:-}" ]; then
    echo "test.sh: using the broker at OPENACCESS_TEST_RABBITMQ"
    return 0
  fi
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    echo "test.sh: installing rabbitmq-server from Debian"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null || {
      echo "test.sh: could not install rabbitmq-server"; return 1; }
  fi
  if broker_up; then
    echo "test.sh: a RabbitMQ broker is already running; using it"
    return 0
  fi
  echo "test.sh: starting RabbitMQ"
  as_root rabbitmq-server -detached >/dev/null 2>&1
  started_broker=1
  for _ in $(seq 1 90); do
    if rabbitmq-diagnostics -q ping >/dev/null 2>&1 && broker_up; then
      echo "test.sh: RabbitMQ is up"
      return 0
    fi
    sleep 1
  done
  echo "test.sh: RabbitMQ did not start within 90 s"
  return 1
}

stop_broker() {
  if [ "$started_broker" -eq 1 ]; then
    echo "test.sh: stopping the RabbitMQ broker it started"
    as_root rabbitmqctl stop >/dev/null 2>&1 || true
  fi
}
trap stop_broker EXIT

start_broker || { echo "0 passed, 1 failed"; exit 1; }
. deploy/ci-tools.sh   # kubectl and docker-compose for tests/Deployment.Tests (sourced: it extends PATH)
if ! command -v chromium >/dev/null 2>&1; then   # headless Chromium for tests/Dashboard.Tests
  echo "test.sh: installing chromium from Debian"
  as_root apt-get update -qq >/dev/null 2>&1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || echo "test.sh: could not install chromium; the dashboard tests will say so"
fi

if ! /usr/bin/python3 -c 'import pika' >/dev/null 2>&1; then   # Debian's pika for the Python sample subscriber (samples/)
  echo "test.sh: installing python3-pika from Debian"
  as_root apt-get update -qq >/dev/null 2>&1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pika >/dev/null 2>&1 || echo "test.sh: could not install python3-pika; the sample subscriber test will say so"
fi

dotnet build OpenAccess.sln -c Release -nologo -v q || { echo "test.sh: build failed"; echo "0 passed, 1 failed"; exit 1; }

status=0
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  echo "test.sh: running $name"
  dotnet test "$project" -c Release --no-build -- --report-trx --report-trx-filename "$name.trx" --results-directory "$results" || status=1
done

read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is not None:
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
print(passed, failed)
PY
)
# The failures again, last, each with the head of its message: CI keeps only the tail of this output.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
for path in sorted(glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True)):
    for result in ET.parse(path).getroot().findall(".//{*}UnitTestResult"):
        if result.get("outcome") not in ("Failed", "Error", "Timeout"):
            continue
        message = result.find(".//{*}ErrorInfo/{*}Message")
        text = (message.text or "").strip() if message is not None else ""
        print(f"test.sh: FAILED {result.get('testName')} ({result.get('duration')})")
        for line in text.splitlines()[:12]:
            print(f"test.sh:   {line[:300]}")
PY
expected=$(ls tests/*/*.Tests.csproj | wc -l)
found=$(find "$results" -name '*.trx' | wc -l)
if [ "$found" -lt "$expected" ]; then
  echo "test.sh: only $found of $expected test projects wrote results"
  status=1
  failed=$((failed + expected - found))
fi
[ "$failed" -gt 0 ] && status=1
echo "${passed} passed, ${failed} failed"
exit $status
