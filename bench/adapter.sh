#!/usr/bin/env bash
# Adapter hot-path benchmark (JMH), in microseconds per operation: template rendering and response extraction, and
# a chat call to an OpenAI-structured model translated against passed through.
# Usage: bench/adapter.sh [JMH options]   (default: 1 fork, 3 warm-up and 5 measured iterations of 2 s)
set -euo pipefail
cd "$(dirname "$0")/.."
args="${*:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
mvn -q -B -Pbench test-compile exec:exec -Djmh.args="$args -foe true AdapterBenchmark ChatPassThroughBenchmark"
