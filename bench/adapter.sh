#!/usr/bin/env bash
# Adapter hot-path benchmark (JMH): template rendering and response extraction, in microseconds per operation.
# Usage: bench/adapter.sh [JMH options]   (default: 1 fork, 3 warm-up and 5 measured iterations of 2 s)
set -euo pipefail
cd "$(dirname "$0")/.."
args="${*:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
mvn -q -B -Pbench test-compile exec:exec -Djmh.args="$args -foe true AdapterBenchmark"
