#!/usr/bin/env bash
# Memory of the operator and the gateway with many unrelated Secrets in the cluster, one command from anywhere:
#   bench/secrets-memory.sh
# Issue 13: "the memory of both roles with 10,000 unrelated Secrets of 4 KiB present in the cluster must not grow
# with them". Both roles watch only Secrets labelled modelport.dev/credentials=true, so the unlabelled ones should
# never reach them.
#
# Steps: starts the real control plane the build makes (target/controlplane/controlplane: kube-apiserver and etcd,
# see the README), applies the CRD and one labelled Secret, starts the packaged application's `operator` and
# `gateway` roles (java -jar target/quarkus-app/quarkus-run.jar <role>, cluster-wide, with the control plane's admin
# kubeconfig) and waits until both are ready and SETTLE seconds more. Then, for each role: two full collections
# (jcmd <pid> GC.run), the heap in use after them (jcmd <pid> GC.heap_info) and the resident set (VmRSS of
# /proc/<pid>/status). It creates COUNT unlabelled Secrets of SIZE random bytes each (kubectl create, JSON lists
# of 500), waits SETTLE seconds, and measures again. Prints one table and writes it, with the roles' and the control
# plane's logs and every jcmd output, to target/bench/secrets-memory/<date>/ (or $RESULTS).
#
# Knobs (environment): COUNT (10000), SIZE (4096 bytes), SETTLE (30 s), JAR (the application to measure, default
# target/quarkus-app/quarkus-run.jar), CONTROLPLANE (target/controlplane/controlplane), MODELPORT_JVM_FLAGS (below),
# RESULTS (result folder). Needs Java 21+ with jcmd (JAVA_HOME), kubectl, python3; builds what is missing with
# `mvn -o verify -DskipTests` (which also builds the control plane, with Go).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
CONTROLPLANE=${CONTROLPLANE:-$ROOT/target/controlplane/controlplane}
COUNT=${COUNT:-10000}
SIZE=${SIZE:-4096}
SETTLE=${SETTLE:-30}
RESULTS=${RESULTS:-$ROOT/target/bench/secrets-memory/$(date +%Y%m%d-%H%M%S)}
# As in a pod of the chart (512Mi memory limit): the JVM's ergonomics pick the serial collector below 2 CPUs or
# 1792 MB, and the image's -XX:MaxRAMPercentage=75 gives a 384 MiB heap bound.
MODELPORT_JVM_FLAGS=${MODELPORT_JVM_FLAGS:-"-XX:+UseSerialGC -Xmx384m"}

die() { echo "bench/secrets-memory.sh: $*" >&2; exit 1; }
for c in java jcmd kubectl python3 curl; do command -v $c >/dev/null || die "$c is required"; done
if [ ! -f "$JAR" ] || [ ! -x "$CONTROLPLANE" ]; then
  echo "building the application and the control plane"
  (cd "$ROOT" && mvn -B -ntp -q -o verify -DskipTests)
fi

mkdir -p "$RESULTS"
CLUSTER=$RESULTS/cluster
PIDS=()
cleanup() {
  local i
  # The roles first, then the control plane they talk to.
  for (( i = ${#PIDS[@]} - 1; i >= 0; i-- )); do kill "${PIDS[i]}" 2>/dev/null || true; wait "${PIDS[i]}" 2>/dev/null || true; done
  # etcd's data (the Secrets) is large and of no use afterwards; the logs stay.
  rm -rf "$CLUSTER/etcd"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---- control plane ----
"$CONTROLPLANE" --dir "$CLUSTER" > "$RESULTS/controlplane.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 240); do grep -q '^ready ' "$RESULTS/controlplane.log" && break; sleep 0.5; done
grep -q '^ready ' "$RESULTS/controlplane.log" || die "the control plane did not start; see $RESULTS/controlplane.log"
export KUBECONFIG=$CLUSTER/kubeconfig
kubectl apply --server-side -f "$ROOT/crds/" > /dev/null
kubectl wait --for=condition=Established crd/externalmodels.modelport.dev --timeout=60s > /dev/null
kubectl create namespace bench > /dev/null
kubectl -n bench create secret generic bench-credentials --from-literal=token=sk-bench > /dev/null
kubectl -n bench label secret bench-credentials modelport.dev/credentials=true > /dev/null

# ---- the roles ----
declare -A PID PORT
for role in operator gateway; do
  PORT[$role]=$(free_port)
  # shellcheck disable=SC2086
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=${PORT[$role]} \
    java $MODELPORT_JVM_FLAGS -jar "$JAR" "$role" > "$RESULTS/$role.log" 2>&1 &
  PID[$role]=$!
  PIDS+=($!)
done
for role in operator gateway; do
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[$role]}/q/health/ready")" = 200 ] && break
    kill -0 "${PID[$role]}" 2>/dev/null || die "$role exited; see $RESULTS/$role.log"
    sleep 0.5
  done
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[$role]}/q/health/ready")" = 200 ] \
    || die "$role not ready; see $RESULTS/$role.log"
done

declare -A HEAP RSS
# Heap in use after two full collections, in MiB: the sum of the "used" of each generation (serial, parallel) or of
# the one heap (G1); metaspace is not heap.
measure() {
  local label=$1 role pid out
  for role in operator gateway; do
    pid=${PID[$role]}
    jcmd "$pid" GC.run > /dev/null
    jcmd "$pid" GC.run > /dev/null
    out=$RESULTS/$role-$label.heap_info.txt
    jcmd "$pid" GC.heap_info > "$out"
    HEAP[$role-$label]=$(awk '!/Metaspace|class space/ && match($0, /total [0-9]+K, used [0-9]+K/) {
        s = substr($0, RSTART, RLENGTH); sub(/.*used /, "", s); sub(/K/, "", s); used += s }
        END { printf "%.1f", used / 1024 }' "$out")
    RSS[$role-$label]=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
  done
}

echo "roles ready; settling for ${SETTLE}s"
sleep "$SETTLE"
measure 0

echo "creating $COUNT unlabelled Secrets of $SIZE bytes"
SECRETS=$RESULTS/secrets
python3 - "$SECRETS" "$COUNT" "$SIZE" <<'EOF'
import base64, json, os, sys
folder, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(folder, exist_ok=True)
for start in range(0, count, 500):
    items = [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": f"unrelated-{i}", "namespace": "bench"},
              "type": "Opaque", "data": {"blob": base64.b64encode(os.urandom(size)).decode()}}
             for i in range(start, min(start + 500, count))]
    with open(os.path.join(folder, f"secrets-{start:05d}.json"), "w") as f:
        json.dump({"apiVersion": "v1", "kind": "List", "items": items}, f)
EOF
started=$(date +%s)
kubectl create -f "$SECRETS" > /dev/null
rm -rf "$SECRETS"
created=$(( $(date +%s) - started ))
stored=$(kubectl -n bench get secrets --no-headers | wc -l)
echo "created in ${created}s ($stored Secrets in namespace bench); settling for ${SETTLE}s"
sleep "$SETTLE"
measure "$COUNT"

for role in operator gateway; do
  kill -0 "${PID[$role]}" 2>/dev/null || die "$role exited; see $RESULTS/$role.log"
done
{
  echo "| role | unlabelled Secrets of $SIZE bytes | heap used after GC (MiB) | RSS (MiB) |"
  echo "|---|---|---|---|"
  for role in operator gateway; do
    for label in 0 "$COUNT"; do
      echo "| $role | $label | ${HEAP[$role-$label]} | ${RSS[$role-$label]} |"
    done
  done
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(java -version 2>&1 | head -1), JVM flags: $MODELPORT_JVM_FLAGS," \
    "application: $JAR, settle ${SETTLE}s, $COUNT Secrets created in ${created}s"
} | tee "$RESULTS/summary.md"
