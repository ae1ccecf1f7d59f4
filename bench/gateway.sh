#!/usr/bin/env bash
# Gateway benchmark, one command from anywhere:  bench/gateway.sh
# Modelport's gateway, nginx as a plain reverse proxy (the limit reference: what one core does for a request it only
# forwards) and the Portkey gateway (the peer) against the same mock OpenAI upstream (nginx), each pinned to one
# core, compared with calling the upstream directly: RPS and p50/p99 at each connection count (json and
# stream), streaming time-to-first-token overhead, the gateway's RSS. Prints one combined table and writes it, with
# every raw result, to target/bench/gateway/<date>/ (or $RESULTS).
#
# Steps: installs what is missing (Debian packages nginx, libnginx-mod-http-echo, wrk; Portkey from
# bench/portkey/package-lock.json into target/bench/portkey), builds the application when target/quarkus-app is
# missing or older than a source, then re-runs itself in a private network namespace (unshare -n: nothing outside reaches the servers and
# no port clashes with other work on the machine) where it starts nginx, Modelport's control plane (`local`: an
# in-memory API server plus the operator, which tests and enables the models of bench/manifests), and measures
# the `gateway` role against that API server, then Portkey, with bench/run-gateway.sh.
#
# Knobs (environment): DUR (s per cell, 20), WARM (s of warm-up load per mode, 30: the JIT of a one-core JVM needs it), CONNS ("1 16"), MODES ("json stream"), TTFT_N (200),
#   GW_CPUS ("0"), LOAD_CPUS ("1"), GATEWAYS ("modelport nginx portkey"), MODELPORT_JVM_FLAGS and MODELPORT_MALLOC_ARENA_MAX (the chart's, see below),
#   QUIET_PCT (5) / QUIET_MAX (1800 s: wait for a quiet machine before each cell), FOREIGN_MAX (10: re-run a cell
#   when other processes used more than this % of a core), BENCH_NETNS (1; 0 runs without a namespace: every
#   server binds 127.0.0.1 except Portkey, which binds all interfaces), RESULTS (result folder), PROFILE (1: Modelport's
#   gateway runs under async-profiler, CPU samples every 10 ms with kernel frames, allocations and lock waits, written
#   as flame graphs, modelport/flame-{cpu,alloc,lock}.html, beside the recording; 0 for none).
# Short development run:  DUR=3 WARM=5 TTFT_N=20 QUIET_MAX=0 FOREIGN_MAX=1000 bench/gateway.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H=$ROOT/bench
BUILD=$ROOT/target/bench
PORTKEY_DIR=$BUILD/portkey
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi

# gateway.<key> of the chart's values (a plain scalar at the second level), unquoted.
chart_value() {
  awk -v key="$1" '/^[^ #]/ { top = $1 } top == "gateway:" && $1 == key ":" && /^  [^ ]/ {
    sub(/^[^:]*: */, ""); gsub(/^"|"$/, ""); print; exit }' "$ROOT/helm/modelport/values.yaml"
}
# The gateway's JVM on one core with a pod's settings, the chart's gateway.jvmOptions (the serial collector, which
# the JVM picks on one CPU anyway, stated so that it does not depend on the detection) and gateway.mallocArenaMax,
# and the bench's bounds: a fixed small heap, a bounded code cache, metaspace, direct memory and thread stacks.
MODELPORT_JVM_FLAGS=${MODELPORT_JVM_FLAGS:-"$(chart_value jvmOptions) -Xms64m -Xmx64m -XX:MaxDirectMemorySize=32m -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=96m -Xss512k"}
MODELPORT_MALLOC_ARENA_MAX=${MODELPORT_MALLOC_ARENA_MAX-$(chart_value mallocArenaMax)}
PROFILE=${PROFILE:-1}
# async-profiler and its converter (jfrconv), both from Maven Central: the agent records, jfrconv draws.
PROFILER_VERSION=4.6; JFRCONV_VERSION=4.5
PROFILER=$BUILD/tools/async-profiler-$PROFILER_VERSION/linux-x64/libasyncProfiler.so
JFRCONV=$BUILD/tools/jfr-converter-$JFRCONV_VERSION.jar

die() { echo "bench/gateway.sh: $*" >&2; exit 1; }

setup() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  [ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] || missing+=(libnginx-mod-http-echo)
  command -v wrk >/dev/null || missing+=(wrk)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    local sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get install -y -q "${missing[@]}" || { "${sudo[@]}" apt-get update -q && "${sudo[@]}" apt-get install -y -q "${missing[@]}"; }
  fi
  for c in node npm curl taskset java; do command -v $c >/dev/null || die "$c is required"; done
  local jv; jv=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
  [ "${jv%%.*}" -ge 21 ] || die "Java 21 or newer needed (found $jv; set JAVA_HOME)"
  # Portkey, exactly as locked in bench/portkey (node_modules only under target/)
  if ! cmp -s "$H/portkey/package-lock.json" "$PORTKEY_DIR/package-lock.json" \
      || [ ! -f "$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
    echo "installing Portkey into $PORTKEY_DIR"
    rm -rf "$PORTKEY_DIR"; mkdir -p "$PORTKEY_DIR"
    cp "$H/portkey/package.json" "$H/portkey/package-lock.json" "$PORTKEY_DIR/"
    (cd "$PORTKEY_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  if [ "$PROFILE" = 1 ] && { [ ! -f "$PROFILER" ] || [ ! -f "$JFRCONV" ]; }; then
    [ "$(uname -m)" = x86_64 ] || die "PROFILE=1 needs x86_64 (or PROFILE=0)"
    (cd "$ROOT" && mvn -B -ntp -q dependency:copy -Dartifact=tools.profiler:jfr-converter:$JFRCONV_VERSION \
      -DoutputDirectory="$BUILD/tools" && mvn -B -ntp -q dependency:copy \
      -Dartifact=tools.profiler:async-profiler:$PROFILER_VERSION -DoutputDirectory="$BUILD/tools")
    (mkdir -p "$BUILD/tools/async-profiler-$PROFILER_VERSION" && cd "$BUILD/tools/async-profiler-$PROFILER_VERSION" \
      && jar xf "../async-profiler-$PROFILER_VERSION.jar" linux-x64/libasyncProfiler.so)
  fi
  # Built again when missing or older than a source: a jar left from another commit would be measured silently.
  if [ ! -f "$JAR" ] || [ -n "$(cd "$ROOT" && find src/main pom.xml -newer "$JAR" -print -quit)" ]; then
    echo "building the application"
    (cd "$ROOT" && mvn -B -ntp -q package -DskipTests)
  fi
}

if [ -z "${BENCH_IN_NETNS:-}" ]; then
  setup
  export RESULTS=${RESULTS:-$BUILD/gateway/$(date +%Y%m%d-%H%M%S)}
  if [ "${BENCH_NETNS:-1}" = 1 ]; then
    ns=(unshare -n); [ "$(id -u)" = 0 ] || ns=(unshare -rn)
    "${ns[@]}" true 2>/dev/null || die "cannot create a network namespace with ${ns[*]} (run as root, or BENCH_NETNS=0)"
    exec "${ns[@]}" env BENCH_IN_NETNS=1 bash -c 'ip link set lo up && exec bash "$0"' "$0"
  fi
  export BENCH_IN_NETNS=0
fi

# ---- inside the namespace from here on ----
RUN=$BUILD/run; OUT=$RESULTS
rm -rf "$RUN"; mkdir -p "$RUN" "$OUT"
GW_CPUS=${GW_CPUS:-0}; LOAD_CPUS=${LOAD_CPUS:-1}; export GW_CPUS LOAD_CPUS
# A JVM on one core spends its first tens of seconds under load compiling (C2 took ~40% of the core for ~30 s
# here); both gateways get the same warm-up load before each mode is measured.
export WARM=${WARM:-30}
GATEWAYS=${GATEWAYS:-"modelport nginx portkey"}
NGINX=(nginx -p "$RUN" -c "$H/nginx-upstream.conf")
CP_PID=
cleanup() {
  [ -n "$CP_PID" ] && kill "$CP_PID" 2>/dev/null && wait "$CP_PID" 2>/dev/null || true
  "${NGINX[@]}" -s quit 2>/dev/null || true
}
trap cleanup EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The upstream, on the load CPU
taskset -c "$LOAD_CPUS" "${NGINX[@]}"
for i in $(seq 100); do curl -fs -o /dev/null -X POST http://127.0.0.1:18080/v1/chat/completions && break; sleep 0.05; done
curl -fs -o /dev/null -X POST http://127.0.0.1:18080/v1/chat/completions || die "nginx upstream did not start"
export NGINX_PID_FILE=$RUN/nginx.pid

run_modelport() {
  # Control plane (API server + operator; its own gateway stays idle) on the load CPU, out of the gateway's way.
  local kubeconfig=$RUN/kubeconfig t0 phases
  taskset -c "$LOAD_CPUS" java -Xmx256m -jar "$JAR" local --port 18081 --kubeconfig "$kubeconfig" \
    --manifests "$H/manifests" --demo-port 0 > "$OUT/modelport-control-plane.log" 2>&1 &
  CP_PID=$!
  t0=$(ms)
  until grep -q 'local mode ready' "$OUT/modelport-control-plane.log"; do
    kill -0 "$CP_PID" 2>/dev/null || { tail -30 "$OUT/modelport-control-plane.log"; die "control plane died"; }
    [ $(( $(ms) - t0 )) -lt 120000 ] || die "control plane not ready after 120 s"
    sleep 0.1
  done
  local api; api=$(awk '/server:/{print $2}' "$kubeconfig")
  until phases=$(curl -fs "$api/apis/modelport.dev/v1alpha1/namespaces/default/externalmodels" \
      | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.map(m=>m.metadata.name+"="+(m.status?.phase??"-")).sort().join(" ")))') \
      && [ "$(grep -o '=InferenceEnabled' <<<"$phases" | wc -l)" = 3 ]; do
    kill -0 "$CP_PID" 2>/dev/null || die "control plane died"
    [ $(( $(ms) - t0 )) -lt 180000 ] || die "models not InferenceEnabled after 180 s: ${phases:-?}"
    sleep 0.5
  done
  echo "models: $phases"
  local gw=http://127.0.0.1:18082 flags=$MODELPORT_JVM_FLAGS jfr=$OUT/modelport/profile.jfr
  [ "$PROFILE" = 1 ] && flags="$flags -agentpath:$PROFILER=start,event=cpu,alloc,lock,jfr,file=$jfr"
  GW_NAME=modelport AUX_PIDS="$CP_PID" OUT="$OUT/modelport" \
  GW_START="env ${MODELPORT_MALLOC_ARENA_MAX:+MALLOC_ARENA_MAX=$MODELPORT_MALLOC_ARENA_MAX} KUBECONFIG=$kubeconfig MODELPORT_GATEWAY_AUTH=none MODELPORT_UPSTREAM_ALLOW_LOOPBACK=true QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=18082 java $flags -jar $JAR gateway" \
  GW_RUNTIME="$(java -version 2>&1 | head -1); flags: $flags${MODELPORT_MALLOC_ARENA_MAX:+, MALLOC_ARENA_MAX=$MODELPORT_MALLOC_ARENA_MAX}" \
  GW_READY_URL=$gw/q/health/ready \
  GW_URL=$gw/v1/chat/completions GW_STREAM_URL=$gw/v1/chat/completions GW_TTFT_URL=$gw/v1/chat/completions \
  GW_HEADERS='Host: bench-json-inference.default.svc' GW_STREAM_HEADERS='Host: bench-stream-inference.default.svc' \
  GW_TTFT_HEADERS='Host: bench-ttft-inference.default.svc' \
    bash "$H/run-gateway.sh"
  kill "$CP_PID"; wait "$CP_PID" 2>/dev/null || true; CP_PID=
  if [ "$PROFILE" = 1 ]; then
    local kind
    for kind in cpu alloc lock; do
      java -jar "$JFRCONV" --$kind --title "Modelport gateway, $kind, $(basename "$OUT")" "$jfr" \
        "$OUT/modelport/flame-$kind.html" > /dev/null
    done
    echo "flame graphs: $OUT/modelport/flame-{cpu,alloc,lock}.html"
  fi
}

# nginx as a plain reverse proxy: what one core can do for a request it only forwards (the limit reference).
run_nginx() {
  local gw=http://127.0.0.1:18084
  mkdir -p "$RUN/proxy"
  GW_NAME=nginx OUT="$OUT/nginx" \
  GW_START="nginx -p $RUN/proxy -c $H/nginx-proxy.conf -g 'daemon off; master_process off;'" \
  GW_RUNTIME="$(nginx -v 2>&1 | sed 's/.*: //'), one process, proxy_buffering off, keep-alive upstream" \
  GW_READY_URL=$gw/ready GW_URL=$gw/v1/chat/completions GW_STREAM_URL=$gw/stream/v1/chat/completions \
  GW_TTFT_URL=$gw/slow/v1/chat/completions \
    bash "$H/run-gateway.sh"
}

run_portkey() {
  local gw=http://127.0.0.1:18787 up=http://127.0.0.1:18080
  GW_NAME=portkey OUT="$OUT/portkey" \
  GW_START="node $PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js --port=18787 --headless" \
  GW_RUNTIME="node $(node -v), @portkey-ai/gateway $(node -p "require('$PORTKEY_DIR/node_modules/@portkey-ai/gateway/package.json').version")" \
  GW_READY_URL=$gw/ GW_URL=$gw/v1/chat/completions GW_STREAM_URL=$gw/v1/chat/completions GW_TTFT_URL=$gw/v1/chat/completions \
  GW_HEADERS="x-portkey-provider: openai|x-portkey-custom-host: $up/v1" \
  GW_STREAM_HEADERS="x-portkey-provider: openai|x-portkey-custom-host: $up/stream/v1" \
  GW_TTFT_HEADERS="x-portkey-provider: openai|x-portkey-custom-host: $up/slow/v1" \
    bash "$H/run-gateway.sh"
}

for g in $GATEWAYS; do
  case $g in
    modelport) run_modelport ;;
    nginx) run_nginx ;;
    portkey) run_portkey ;;
    *) die "unknown gateway $g (modelport, nginx, portkey)" ;;
  esac
done
node "$H/combine.mjs" "$OUT" | tee "$OUT/summary.md"
echo "results: $OUT"
