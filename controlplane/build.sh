#!/usr/bin/env bash
# Builds the control-plane program (kube-apiserver + etcd + two controllers, see main.go) into the file named by $1.
# Maven runs it before the integration tests; Go's module and build caches make every build after the first fast.
set -euo pipefail
out=${1:?usage: build.sh <output file>}
if ! command -v go >/dev/null 2>&1; then
  echo "controlplane/build.sh: 'go' is not on the PATH. The integration tests run on a real kube-apiserver built" \
       "from its Go modules and need Go 1.26 or newer (https://go.dev/dl/); the run command does not." >&2
  exit 1
fi
cd "$(dirname "$0")"
# The version the API server reports (/version, kubectl version): release builds stamp it with -ldflags, as here.
version=$(go list -m -f '{{.Version}}' k8s.io/kubernetes)
minor=${version#v*.}
minor=${minor%%.*}
pkg=k8s.io/component-base/version
go build -trimpath -o "$out" -ldflags "-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor" .
