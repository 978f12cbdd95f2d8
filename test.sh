#!/usr/bin/env bash
# Runs every test of Switchboard from a fresh clone:
#   1. installs what is missing (JDK 17+, Maven, Node.js, Debian's Chromium, redis-server) with apt-get;
#   2. `mvn install`: every module's tests (downloads what the build needs on the way);
#   3. the browser tests, offline, inside a loopback-only network namespace, so that the WebRTC
#      traffic between the two headless Chromiums stays on 127.0.0.1.
# Usage: ./test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1; }

missing=()
need java && need javac || missing+=(openjdk-17-jdk-headless)
need mvn || missing+=(maven)
need node && need npm || missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
need unshare || missing+=(util-linux)
need ip || missing+=(iproute2)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
if ((${#missing[@]})); then
    if [ "$(id -u)" != 0 ]; then
        echo "test.sh: missing packages: ${missing[*]} (run as root, or install them)" >&2
        exit 1
    fi
    echo "test.sh: installing ${missing[*]} with apt-get" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
if [ "${java_major%%.*}" -lt 17 ]; then
    echo "test.sh: Java 17 or newer is needed, found $java_major" >&2
    exit 1
fi

rm -rf signaling-it-browser/target/surefire-reports
status=0
mvn -B -ntp install "$@" || status=$?

if [ $status -eq 0 ]; then
    # resolve what the browser tests need while the network is there
    npm ci --prefix signaling-it-browser/src/test/node --no-audit --no-fund --silent &&
        mvn -B -ntp -q -Pbrowser -pl signaling-it-browser test-compile "$@" || status=$?
fi
if [ $status -eq 0 ]; then
    # root (CI) makes a plain network namespace; anyone else a user namespace mapped to root
    if [ "$(id -u)" = 0 ]; then ns=(unshare -n); else ns=(unshare -r -n); fi
    "${ns[@]}" sh -c 'ip link set lo up && exec mvn -B -ntp -o -Pbrowser -pl signaling-it-browser verify "$@"' sh "$@" ||
        status=$?
fi

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
