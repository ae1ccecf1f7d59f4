#!/usr/bin/env bash
# Operator scale benchmark, one command from anywhere:  bench/operator-scale.sh      (N=10000 for the reference run)
# N ExternalModels, all on one loopback upstream, brought to InferenceEnabled by the operator role alone (its own
# JVM, heap-limited, pinned to one core), on the embedded API server and on the real control plane (kube-apiserver
# and etcd, as `mvn -B -ntp verify -DskipTests` builds them). Prints, per control plane: the manifests' apply time,
# the time from the operator's start to all InferenceEnabled, the operator's peak RSS, the upstream calls and their
# rate, the objects written and API requests made (the real server counts them by verb), then 60 s of steady state
# (writes, upstream calls) and an operator restart over the N models (writes, tests, time to catch up); then the
# gateway role over the same N models (the operator stopped): the time from its start to serving all N, its idle
# RSS, and its RSS under load (wrk against one of the N), in a second table. Writes it, with the raw logs, to
# target/bench/operator-scale/<date>/ (or $RESULTS).
#
# Steps: installs nginx when missing, builds the application when target/quarkus-app is missing or older than a
# source (and the control plane for CONTROL_PLANES with kube), re-runs itself in a private network namespace
# (unshare -n), generates the N models, starts nginx (nginx-scale-upstream.conf, one access-log line per call),
# then per control plane `quarkus-run.jar local --api-server-only` (the API server with the models applied, no
# operator) and the `operator` role against it.
#
# Knobs (environment): N (1000), CONTROL_PLANES ("embedded kube"), OPERATOR_HEAP (256m), OP_CPUS ("0": the
#   operator's core), REST_CPUS ("1": API server and upstream), STEADY (60 s), CATCH_UP (30 s), TIMEOUT (600 s per
#   wait), OPERATOR_JFR (0; 1 records each operator run with JDK Flight Recorder into the result folder),
#   HISTOGRAM (0; 1 writes the operator's live heap by class, `jcmd GC.class_histogram` after a full collection,
#   its GC.heap_info and VM.native_memory summary into the result folder once all are InferenceEnabled, before the
#   steady state; and the gateway's, the same three, once it serves all N, before its load, the gateway running
#   with native memory tracking, whose summary and smaps_rollup are written again right after the load),
#   GATEWAY_HEAP (64m: the gateway's -Xms and -Xmx; a list, "128m 192m", measures one gateway after the other, a
#   row each, a heap too small for the N a row that says so), GATEWAY_VARIANTS (none: a ';'-separated list of
#   settings to compare, each JVM flags and NAME=value environment variables, -Xmx<size> for another heap; every
#   heap is run with each, a row each), GW_CPUS (OP_CPUS: the gateway's core; wrk runs on REST_CPUS),
#   GATEWAY_CONNS (16), GATEWAY_WARM (0 s of unmeasured load first, its RSS counted) and GATEWAY_DUR (20 s): its
#   load, BENCH_NETNS (1), RESULTS (result folder). Both roles' JVM flags and MALLOC_ARENA_MAX are the chart's
#   (helm/modelport/values.yaml, <role>.jvmOptions and <role>.mallocArenaMax), as a pod gets them; the gateway's
#   with bench/gateway.sh's bounds.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H=$ROOT/bench
BUILD=$ROOT/target/bench
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi
N=${N:-1000}; CONTROL_PLANES=${CONTROL_PLANES:-"embedded kube"}; OPERATOR_HEAP=${OPERATOR_HEAP:-256m}
OP_CPUS=${OP_CPUS:-0}; REST_CPUS=${REST_CPUS:-1}; STEADY=${STEADY:-60}; CATCH_UP=${CATCH_UP:-30}
TIMEOUT=${TIMEOUT:-600}; OPERATOR_JFR=${OPERATOR_JFR:-0}; HISTOGRAM=${HISTOGRAM:-0}
# <role>.<key> of the chart's values (a plain scalar at the second level), unquoted.
chart_value() {
  awk -v role="$1:" -v key="$2" '/^[^ #]/ { top = $1 } top == role && $1 == key ":" && /^  [^ ]/ {
    sub(/^[^:]*: */, ""); gsub(/^"|"$/, ""); print; exit }' "$ROOT/helm/modelport/values.yaml"
}
OPERATOR_JVM_OPTIONS=$(chart_value operator jvmOptions); OPERATOR_MALLOC_ARENA_MAX=$(chart_value operator mallocArenaMax)
GATEWAY_HEAP=${GATEWAY_HEAP:-64m}; GW_CPUS=${GW_CPUS:-$OP_CPUS}; GATEWAY_CONNS=${GATEWAY_CONNS:-16}
GATEWAY_DUR=${GATEWAY_DUR:-20}; GATEWAY_WARM=${GATEWAY_WARM:-0}; GATEWAY_VARIANTS=${GATEWAY_VARIANTS:-}
# The gateway's JVM flags and malloc arenas are the chart's (gateway.jvmOptions, gateway.mallocArenaMax), with
# bench/gateway.sh's bounds (code cache, metaspace, direct memory, thread stacks); the heap is GATEWAY_HEAP's.
GATEWAY_JVM_OPTIONS="$(chart_value gateway jvmOptions) -XX:MaxDirectMemorySize=32m -XX:ReservedCodeCacheSize=64m \
  -XX:MaxMetaspaceSize=96m -Xss512k"
GATEWAY_MALLOC_ARENA_MAX=$(chart_value gateway mallocArenaMax)

die() { echo "bench/operator-scale.sh: $*" >&2; exit 1; }

setup() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v wrk >/dev/null || missing+=(wrk)
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get install -y -q "${missing[@]}" \
      || { "${sudo[@]}" apt-get update -q && "${sudo[@]}" apt-get install -y -q "${missing[@]}"; }
  fi
  local tools=(curl taskset java kubectl wrk); [ "$HISTOGRAM" = 0 ] || tools+=(jcmd)
  for c in "${tools[@]}"; do command -v $c >/dev/null || die "$c is required"; done
  local jv; jv=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
  [ "${jv%%.*}" -ge 21 ] || die "Java 21 or newer needed (found $jv; set JAVA_HOME)"
  # Built again when missing or older than a source: a jar left from another commit would be measured silently.
  if [ ! -f "$JAR" ] || [ -n "$(cd "$ROOT" && find src/main pom.xml -newer "$JAR" -print -quit)" ] \
    || { [[ " $CONTROL_PLANES " == *" kube "* ]] && [ ! -x "$ROOT/target/controlplane/controlplane" ]; }; then
    echo "building the application and the control plane"
    (cd "$ROOT" && mvn -B -ntp -q verify -DskipTests)
  fi
}

if [ -z "${BENCH_IN_NETNS:-}" ]; then
  setup
  export RESULTS=${RESULTS:-$BUILD/operator-scale/$(date +%Y%m%d-%H%M%S)}
  if [ "${BENCH_NETNS:-1}" = 1 ]; then
    ns=(unshare -n); [ "$(id -u)" = 0 ] || ns=(unshare -rn)
    "${ns[@]}" true 2>/dev/null || die "cannot create a network namespace with ${ns[*]} (run as root, or BENCH_NETNS=0)"
    exec "${ns[@]}" env BENCH_IN_NETNS=1 bash -c 'ip link set lo up && exec bash "$0"' "$0"
  fi
fi

# ---- inside the namespace from here on ----
RUN=$BUILD/scale-run; OUT=$RESULTS
rm -rf "$RUN"; mkdir -p "$RUN" "$OUT"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  nginx -p "$RUN" -c "$H/nginx-scale-upstream.conf" -s quit 2>/dev/null || true
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }
calls() { wc -l <"$RUN/upstream-calls.log"; }

# The N models: one multi-document file, custom models on the one upstream, paths given, inference on.
{
  for i in $(seq -w 1 "$N"); do
    printf -- '---\napiVersion: modelport.dev/v1alpha1\nkind: ExternalModel\nmetadata: {name: m-%s, namespace: default}\n' "$i"
    printf 'spec:\n  endpoint: http://127.0.0.1:18090/v1/generate\n'
    printf '  configuration: {custom: {body: '"'"'{"input": "{{prompt}}"}'"'"', response: {outputPath: $.result.text, inputTokensPath: $.usage.promptTokens, outputTokensPath: $.usage.generatedTokens}}}\n'
    printf '  test: {prompt: ping}\n  inference: {enabled: true}\n'
  done
} >"$RUN/models.yaml"

mkdir -p "$RUN/tmp_body"
taskset -c "$REST_CPUS" nginx -p "$RUN" -c "$H/nginx-scale-upstream.conf"
curl -fs -o /dev/null -X POST http://127.0.0.1:18090/v1/generate || die "the upstream did not start"
: >"$RUN/upstream-calls.log"
: >"$RUN/gateway-rows"

# Objects written between two snapshots: resource versions of ExternalModels, Services and Events not seen before.
snapshot() {
  kubectl --kubeconfig "$RUN/kubeconfig" get externalmodels,services,events -A \
    -o jsonpath='{range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}@{.metadata.resourceVersion}{"\n"}{end}' \
    | sort >"$1"
}
written() { comm -13 "$1" "$2" | wc -l; }
# API requests by verb ("VERB count" lines), counted by the real kube-apiserver; the embedded server counts none.
requests() {
  if [ "$cp" = kube ]; then
    kubectl --kubeconfig "$RUN/kubeconfig" get --raw /metrics \
      | awk -F'[{}]' '/^apiserver_request_total\{/ { match($2, /verb="[A-Z]+"/); v = substr($2, RSTART+6, RLENGTH-7);
          split($3, n, " "); total[v] += n[1] } END { for (v in total) print v, total[v] }' >"$1"
  else
    : >"$1"
  fi
}
# The requests between two counts, by verb: "LIST 12, WATCH 3, ..." (or "-").
requests_between() {
  awk 'NR==FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) out = out (out ? ", " : "") $1 " " d }
       END { print out ? out : "-" }' "$1" "$2"
}

enabled() {
  curl -fs http://127.0.0.1:18083/q/metrics 2>/dev/null \
    | awk '/^modelport_operator_models\{.*phase="InferenceEnabled"/ { print int($2); found=1 } END { if (!found) print 0 }'
}

start_operator() {
  local jfr=(); runs=$((${runs:-0} + 1))
  [ "$OPERATOR_JFR" = 0 ] || jfr=("-XX:StartFlightRecording=filename=$OUT/$cp/operator-$runs.jfr,settings=profile")
  env KUBECONFIG="$RUN/kubeconfig" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=18083 \
    MODELPORT_UPSTREAM_ALLOW_LOOPBACK=true MODELPORT_GATEWAY_HOST=localhost MALLOC_ARENA_MAX="$OPERATOR_MALLOC_ARENA_MAX" \
    taskset -c "$OP_CPUS" java $OPERATOR_JVM_OPTIONS "-Xmx$OPERATOR_HEAP" "${jfr[@]}" -jar "$JAR" operator >>"$OUT/$cp/operator.log" 2>&1 &
  op=$!; PIDS+=("$op")
}

# Waits until all N are InferenceEnabled, sampling the operator's RSS (the peak in KiB kept in $RUN/peak-rss);
# prints the seconds since $1.
await_enabled() {
  local start=$1 deadline=$((SECONDS + TIMEOUT)) rss
  while [ "$(enabled)" -lt "$N" ]; do
    [ $SECONDS -lt $deadline ] || die "$cp: $(enabled) of $N models InferenceEnabled after ${TIMEOUT}s (see $OUT/$cp)"
    kill -0 "$op" 2>/dev/null || die "$cp: the operator exited (see $OUT/$cp/operator.log)"
    rss=$(ps -o rss= -p "$op" | tr -d ' ')
    [ "${rss:-0}" -le "$(cat "$RUN/peak-rss")" ] || echo "$rss" >"$RUN/peak-rss"
    sleep 0.5
  done
  echo "$(secs "$start" "$(now)") s, $(cpu_seconds) CPU s"
}
# The operator's CPU time so far (user + system), in seconds.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$op/stat"
}

# The gateway role over the N models, the operator stopped: started on GW_CPUS against the same API server, it
# serves all N once its /v1/models lists them (one call that compiles every model, as a client listing them does);
# then its idle RSS, and wrk (GATEWAY_CONNS connections, GATEWAY_DUR s after GATEWAY_WARM s, bench/chat.lua)
# against the first model by its inference Service's Host, with the RSS sampled 4 times a second. Appends a row to $RUN/gateway-rows; $1 is
# the heap, $2 the variant's extra settings (JVM flags, and NAME=value for the environment; "" for none) and $3 its
# number; its files are $OUT/$cp/gateway-$1-*, or gateway-$1-v$3-* for a variant.
gateway_phase() {
  local heap=$1 variant=$2 gw=http://127.0.0.1:18082 first t0 served=0 deadline idle sampler
  local result peak environment=() flags=() nmt=() w rest=()
  [ -z "$GATEWAY_MALLOC_ARENA_MAX" ] || environment+=("MALLOC_ARENA_MAX=$GATEWAY_MALLOC_ARENA_MAX")
  for w in $variant; do
    case $w in
      -Xmx*) heap=${w#-Xmx} ;;
      [A-Z]*=*) environment+=("$w"); rest+=("$w") ;;
      *) flags+=("$w"); rest+=("$w") ;;
    esac
  done
  local g=$OUT/$cp/gateway-$heap label=$heap
  if [ -n "$variant" ]; then g=$g-v$3; label="$heap${rest[*]:+, ${rest[*]}}"; fi
  # Native memory tracking (about 3 MiB of RSS) only for the histograms' run: where the RSS beyond the heap goes.
  [ "$HISTOGRAM" = 0 ] || nmt=(-XX:NativeMemoryTracking=summary)
  first=$(printf "%0*d" ${#N} 1)   # as seq -w names the models: m-00001 for N=10000
  t0=$(now)
  env KUBECONFIG="$RUN/kubeconfig" MODELPORT_GATEWAY_AUTH=none MODELPORT_UPSTREAM_ALLOW_LOOPBACK=true \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=18082 "${environment[@]}" \
    taskset -c "$GW_CPUS" java $GATEWAY_JVM_OPTIONS "${nmt[@]}" "-Xms$heap" "-Xmx$heap" "${flags[@]}" \
    "-Xlog:gc:file=$g-gc.log" -jar "$JAR" gateway >"$g.log" 2>&1 &
  gwp=$!; PIDS+=("$gwp")
  deadline=$((SECONDS + TIMEOUT))
  until [ "$served" -ge "$N" ]; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$gwp" 2>/dev/null; then
      printf '| %s | %s | %d of %d served after %s s (%d full collections; %s) | - | - | - | - |\n' "$cp" "$label" \
        "$served" "$N" "$(secs "$t0" "$(now)")" "$(gc_count Full)" "$g.log" >>"$RUN/gateway-rows"
      kill -KILL "$gwp" 2>/dev/null || true; wait "$gwp" 2>/dev/null || true
      return 0
    fi
    sleep 0.2
    curl -fs -o /dev/null "$gw/q/health/ready" || continue
    served=$(curl -fs "$gw/v1/models" | grep -o '"owned_by"' | wc -l) || served=0
  done
  local serving; serving=$(secs "$t0" "$(now)")
  sleep 2; idle=$(awk '/^VmRSS/{print $2}' "/proc/$gwp/status")
  if [ "$HISTOGRAM" != 0 ]; then
    jcmd "$gwp" GC.class_histogram >"$g-histogram.txt"
    jcmd "$gwp" GC.heap_info >"$g-heap-info.txt"
    jcmd "$gwp" VM.native_memory summary >"$g-native-memory.txt" || true
  fi
  local body='{"messages":[{"role":"user","content":"Say hello in one short sentence."}]}'
  local answer; answer=$(curl -s -H "Host: m-$first-inference.default.svc" -H 'Content-Type: application/json' \
    -d "$body" "$gw/v1/chat/completions")
  [[ $answer == *'"content":"pong"'* ]] || die "$cp: the gateway did not answer m-$first's call: $answer"
  local c4 young full
  # RSS sampler without forks (bash builtins only), 4 samples a second, as bench/run-gateway.sh's.
  ( exec 9<> <(:); while :; do while read -r k v _; do [[ $k == VmRSS: ]] && echo "$v"; done </proc/"$gwp"/status
    read -t 0.25 -u 9 || :; done >"$g-rss.txt" ) &
  sampler=$!
  # One user message: a custom model takes the prompt, and refuses options it declares no variable for.
  # The warm-up (GATEWAY_WARM s, none by default) is under load too: its RSS counts, its requests do not.
  [ "$GATEWAY_WARM" = 0 ] || BODY=$body taskset -c "$REST_CPUS" wrk -t1 -c"$GATEWAY_CONNS" -d"${GATEWAY_WARM}s" \
    --timeout 10s -s "$H/chat.lua" -H "Host: m-$first-inference.default.svc" http://127.0.0.1:18082/v1/chat/completions \
    >"$g-warm.txt" 2>&1
  c4=$(calls); young=$(gc_count Young); full=$(gc_count Full)
  BODY=$body taskset -c "$REST_CPUS" wrk -t1 -c"$GATEWAY_CONNS" -d"${GATEWAY_DUR}s" --timeout 10s --latency -s "$H/chat.lua" \
    -H "Host: m-$first-inference.default.svc" http://127.0.0.1:18082/v1/chat/completions >"$g-wrk.txt" 2>&1
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  if [ "$HISTOGRAM" != 0 ]; then
    # Right after the load, before anything is given back: where its peak went.
    jcmd "$gwp" VM.native_memory summary >"$g-native-memory-load.txt" || true
    cat "/proc/$gwp/smaps_rollup" >"$g-smaps-load.txt" || true
  fi
  peak=$(sort -n "$g-rss.txt" | tail -1)
  result=$(sed -n 's/^RESULT //p' "$g-wrk.txt")
  [ -n "$result" ] || die "$cp: wrk against the gateway gave no result (see $g-wrk.txt)"
  young=$(($(gc_count Young) - young)); full=$(($(gc_count Full) - full))
  kill -TERM "$gwp"; wait "$gwp" 2>/dev/null || true
  printf '| %s | %s | %s s | %d MiB | %s (%s errors, %d upstream calls) | %d MiB | %d / %d |\n' "$cp" "$label" \
    "$serving" $((idle / 1024)) \
    "$(awk -v r="$result" 'BEGIN{ match(r, /"rps":[0-9.]+/); printf "%.0f", substr(r, RSTART+6, RLENGTH-6) }')" \
    "$(awk -v r="$result" 'BEGIN{ n = split("err_connect err_read err_write err_status err_timeout", k, " ")
        for (i = 1; i <= n; i++) { match(r, "\"" k[i] "\":[0-9]+"); split(substr(r, RSTART, RLENGTH), v, ":"); e += v[2] }
        print e }')" \
    $(($(calls) - c4)) $((peak / 1024)) "$young" "$full" >>"$RUN/gateway-rows"
}
# The gateway's collections of a kind (Young, Full) so far, from its GC log.
gc_count() { grep -c "Pause $1" "$g-gc.log" || true; }

{
  echo "# bench/operator-scale.sh, N=$N, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, operator -Xmx$OPERATOR_HEAP on CPU $OP_CPUS"
  echo "# operator: $OPERATOR_JVM_OPTIONS, MALLOC_ARENA_MAX=$OPERATOR_MALLOC_ARENA_MAX (the chart's)"
  echo
  echo "| control plane | apply | operator start to all InferenceEnabled | operator peak RSS | upstream calls (per s) | written | API requests | steady ${STEADY} s: written / calls | restart: caught up / written / calls |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$OUT/summary.md"

for cp in $CONTROL_PLANES; do
  mkdir -p "$OUT/$cp"; echo 0 >"$RUN/peak-rss"
  taskset -c "$REST_CPUS" java -jar "$JAR" local --api-server-only --control-plane "$cp" --port 18081 --demo-port 0 \
    --kubeconfig "$RUN/kubeconfig" --manifests "$RUN/models.yaml" >"$OUT/$cp/local.log" 2>&1 &
  PIDS+=($!); api=$!
  deadline=$((SECONDS + TIMEOUT))
  until grep -q "ready" "$OUT/$cp/local.log"; do
    [ $SECONDS -lt $deadline ] && kill -0 $api 2>/dev/null || die "$cp: local --api-server-only did not start (see $OUT/$cp/local.log)"
    sleep 0.5
  done
  apply=$(grep -o "[0-9]* objects applied from [^ ]* in [0-9.]* s" "$OUT/$cp/local.log" | sed 's/ from [^ ]* / /')
  snapshot "$RUN/s0"; requests "$RUN/r0"; c0=$(calls)

  t0=$(now); start_operator
  ready=$(await_enabled "$t0")
  c1=$(calls); snapshot "$RUN/s1"; requests "$RUN/r1"
  rate=$(awk 'NR==1{a=$1} {b=$1} END{ if (b>a) printf "%.0f", NR/(b-a); else print "-" }' "$RUN/upstream-calls.log")
  if [ "$HISTOGRAM" != 0 ]; then
    # The class histogram runs a full collection first: what it lists is the live heap holding the N models.
    jcmd "$op" GC.class_histogram >"$OUT/$cp/histogram.txt"
    jcmd "$op" GC.heap_info >"$OUT/$cp/heap-info.txt"
    # Where the resident set beyond the heap goes, by area and with the thread count, when the operator runs with
    # native memory tracking (JDK_JAVA_OPTIONS=-XX:NativeMemoryTracking=summary); otherwise it says it is off.
    jcmd "$op" VM.native_memory summary >"$OUT/$cp/native-memory.txt" || true
  fi

  sleep "$STEADY"
  snapshot "$RUN/s2"; c2=$(calls)

  kill -TERM "$op"; wait "$op" 2>/dev/null || true
  t1=$(now); start_operator
  caught=$(await_enabled "$t1")
  sleep "$CATCH_UP"
  snapshot "$RUN/s3"; c3=$(calls)
  kill -TERM "$op"; wait "$op" 2>/dev/null || true
  IFS=';' read -ra variants <<<"$GATEWAY_VARIANTS"; [ ${#variants[@]} -gt 0 ] || variants=("")
  for heap in $GATEWAY_HEAP; do
    for v in "${!variants[@]}"; do gateway_phase "$heap" "$(echo ${variants[$v]})" $((v + 1)); done
  done
  kill -TERM "$api"; wait "$api" 2>/dev/null || true

  printf '| %s | %s | %s | %d MiB | %d (%s/s) | %d | %s | %d / %d | %s / %d / %d |\n' "$cp" "$apply" "$ready" \
    $(($(cat "$RUN/peak-rss") / 1024)) $((c1 - c0)) "$rate" "$(written "$RUN/s0" "$RUN/s1")" "$(requests_between "$RUN/r0" "$RUN/r1")" \
    "$(written "$RUN/s1" "$RUN/s2")" $((c2 - c1)) "$caught" "$(written "$RUN/s2" "$RUN/s3")" $((c3 - c2)) \
    >>"$OUT/summary.md"
  : >"$RUN/upstream-calls.log"
done
{
  echo
  echo "The gateway over the N models (operator stopped) on CPU $GW_CPUS, $(echo $GATEWAY_JVM_OPTIONS)${GATEWAY_MALLOC_ARENA_MAX:+ and MALLOC_ARENA_MAX=$GATEWAY_MALLOC_ARENA_MAX} (the chart's, with the bench's bounds), -Xms/-Xmx and any other settings as the heap column says; load: wrk, $GATEWAY_CONNS connections, $GATEWAY_WARM s unmeasured then $GATEWAY_DUR s, one model:"
  echo
  echo "| control plane | gateway heap | start to serving all N | idle RSS | load: RPS (errors, upstream calls) | peak RSS under load | collections under load: young / full |"
  echo "|---|---|---|---|---|---|---|"
  cat "$RUN/gateway-rows"
} >>"$OUT/summary.md"
cat "$OUT/summary.md"
