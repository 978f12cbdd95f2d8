#!/usr/bin/env bash
# Runs every test of Switchboard from a fresh clone: checks the toolchain, then `mvn verify`.
# Usage: ./test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1; }

if ! need java || ! need mvn; then
    echo "test.sh: installing a JDK and Maven with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
fi

if ! need node || ! need npm; then
    echo "test.sh: installing Node.js and npm with apt-get (the tutorial-client test runs in Node)" >&2
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
if [ "${java_major%%.*}" -lt 17 ]; then
    echo "test.sh: Java 17 or newer is needed, found $java_major" >&2
    exit 1
fi

status=0
mvn -B -ntp verify "$@" || status=$?

# One closing line for people and CI alike, summed over every module's Surefire reports.
# (Maven 3.8 ends its output with terminal reset codes and no newline: start a fresh line.)
echo
python3 - <<'PY' || true
import glob, xml.etree.ElementTree as ET
t = f = e = s = 0
for path in glob.glob('*/target/surefire-reports/TEST-*.xml'):
    r = ET.parse(path).getroot()
    t += int(r.get('tests', 0)); f += int(r.get('failures', 0))
    e += int(r.get('errors', 0)); s += int(r.get('skipped', 0))
print(f"tests: {t - f - e - s} passed, {f + e} failed, {s} skipped")
PY
exit $status
