#!/usr/bin/env bash
# JMH microbenchmarks of what Switchboard spends per message without sockets (decode, encode,
# route), pinned to CPU 0. Extra arguments go to JMH, e.g. bench/jmh.sh routeOffer -f 3
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
mvn -q -B -pl signaling-bench -am install -DskipTests
mvn -q -B -pl signaling-bench dependency:build-classpath -Dmdep.outputFile="$PWD/target/bench/jmh-classpath.txt" >/dev/null
exec taskset -c 0 java -cp "signaling-bench/target/classes:$(cat target/bench/jmh-classpath.txt)" org.openjdk.jmh.Main "$@"
