#!/usr/bin/env bash
# The long run of the request-smuggling differential fuzzer (issue #21): generated raw request
# sequences through a real gateway to a recording upstream for MINUTES minutes (default 30); every
# request the upstream parses must match an allow decision in the audit log (method, normalized
# path, Host), carry the gateway's request id and address, and the assertion when one is due.
# Prints the counts once a minute and at the end; exit 1 on any violation.
#   bench/smuggling-fuzz.sh [MINUTES]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"
mvn -B -Dspotless.check.skip=true test -pl server -am -Dtest=SmugglingFuzzLongRunTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Ddrawbridge.fuzz.minutes="$minutes" \
  -Dsurefire.timeout=0 | grep -E 'smuggling differential|Tests run:|FAIL|violation' || true
grep -h 'smuggling differential' server/target/surefire-reports/*SmugglingFuzzLongRunTest-output.txt | tail -1
