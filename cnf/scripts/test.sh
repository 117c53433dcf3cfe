#!/usr/bin/env bash
# ./wfe test: every test of the project on a fresh machine. Starts the services the tests need
# (cnf/services/services.sh: PostgreSQL, Prosody...), runs the Maven build with all its test runners
# (JUnit 5 unit tests, bnd-testing in-framework tests, Pax Exam, launcher black-box tests), stops the
# services, and ends with one line 'N passed, M failed' summing every runner's reports.
set -uo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$src"

svc_dir="${WFE_SERVICES_DIR:-$src/target/services}"
services="$src/cnf/services/services.sh"
cleanup() { [ -x "$services" ] && "$services" stop "$svc_dir" >/dev/null 2>&1 || true; }
if [ -x "$services" ] && [ -z "${WFE_TEST_NO_SERVICES:-}" ]; then
  trap cleanup EXIT
  "$services" start "$svc_dir" || { echo "wfe test: could not start the test services" >&2; exit 1; }
  set -a; . "$svc_dir/services.env"; set +a
fi

# In CI the committed -runbundles must match what the resolver finds: a stale bndrun fails the build.
fail_on_changes=false
[ -n "${CI:-}" ] && fail_on_changes=true
./mvnw -B --fail-at-end install -Dwfe.resolve.failOnChanges=$fail_on_changes "$@"
rc=$?

# The XMPP suites once more, against ejabberd (services.sh runs one when root): the agent controller's tests that
# need a server (TlsTest aside: it starts a TLS Prosody of its own), with WFE_TEST_XMPP_* pointing at ejabberd.
# Their reports go to surefire-reports-ejabberd, so the summary counts both runs. InventoryTest is not among them
# yet: its several-agents case does not see its agents online on ejabberd within 30 s (not looked into).
XMPP_SUITES="AcceptanceTest,FanOutTest,ReattachTest,SwarmTest,XmppAgentTest,XmppCheckTest,XmppFaultTest,XmppPresenceTest"
if [ -n "${WFE_TEST_EJABBERD_PORT:-}" ]; then
  echo "wfe test: the XMPP suites against ejabberd" >&2
  ( eval "$("$services" env "$svc_dir" ejabberd)" &&
    ./mvnw -B test -pl bundles/agent-controller -Dtest="$XMPP_SUITES" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dwfe.xmpp.reports="$src/bundles/agent-controller/target/surefire-reports-ejabberd" ) || rc=1
fi

# One summary over every runner's JUnit XML reports.
python3 - "$src" <<'PY' || rc=1
import glob, os, sys, xml.etree.ElementTree as ET
root = sys.argv[1]
tests = failed = skipped = 0
seen = set()
for pattern in ("**/target/surefire-reports/TEST-*.xml", "**/target/surefire-reports-ejabberd/TEST-*.xml", "**/target/failsafe-reports/TEST-*.xml",
                "**/target/test-reports/**/*.xml"):
    for f in glob.glob(os.path.join(root, pattern), recursive=True):
        if f in seen or "/services/" in f:
            continue
        seen.add(f)
        try:
            r = ET.parse(f).getroot()
        except ET.ParseError:
            continue
        suites = [r] if r.tag == "testsuite" else r.findall("testsuite")
        for s in suites:
            for c in s.iter("testcase"):
                tests += 1
                if c.find("failure") is not None or c.find("error") is not None:
                    failed += 1
                elif c.find("skipped") is not None:
                    skipped += 1
passed = tests - failed - skipped
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
exit $rc
