package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"
)

const (
	readyTimeout    = 2 * time.Minute
	auditPolicyFile = "audit-policy.yaml"
)

// apiserverArgs are the kube-apiserver flags: those of a production control plane where they matter to an
// operator (RBAC only, service-account tokens signed and reviewed, default admission plugins), loopback only.
func apiserverArgs(dir string, p pki, port int, etcdURL string) []string {
	return []string{
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + p.dir,
		"--tls-cert-file=" + p.path("apiserver.crt"),
		"--tls-private-key-file=" + p.path("apiserver.key"),
		"--client-ca-file=" + p.path("ca.crt"),
		"--etcd-servers=" + etcdURL,
		"--authorization-mode=RBAC",
		"--anonymous-auth=false",
		"--service-account-issuer=" + serviceAccountIssuer,
		"--service-account-key-file=" + p.path("service-account.key"),
		"--service-account-signing-key-file=" + p.path("service-account.key"),
		"--service-cluster-ip-range=10.96.0.0/16",
		// The "kubernetes" Service's endpoints would name 127.0.0.1, which the API server refuses to publish.
		"--endpoint-reconciler-type=none",
		"--profiling=false",
		// An audit log, as production clusters keep one: every request's user, verb, object and answer, which the
		// tests read to count what a component wrote.
		"--audit-policy-file=" + filepath.Join(dir, auditPolicyFile),
		"--audit-log-path=" + filepath.Join(dir, "audit.log"),
	}
}

// writeAuditPolicy records every request at the Metadata level (who, what, which object, the answer; never a
// body, so never a Secret's data) once its response is complete.
func writeAuditPolicy(dir string) error {
	return os.WriteFile(filepath.Join(dir, auditPolicyFile), []byte(`apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
`), 0o600)
}

// waitReady polls /readyz (the API server's own readiness: etcd reachable, bootstrap RBAC and priority levels in
// place, CRD informers synced) until it answers ok, the server stops, or readyTimeout passes.
func waitReady(ctx context.Context, client kubernetes.Interface, stopped <-chan error) error {
	deadline := time.After(readyTimeout)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-stopped:
			return fmt.Errorf("kube-apiserver stopped before it was ready: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline:
			return fmt.Errorf("kube-apiserver not ready after %s", readyTimeout)
		case <-tick.C:
			body, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
			if err == nil && string(body) == "ok" {
				return nil
			}
			klog.V(2).InfoS("waiting for /readyz", "err", err)
		}
	}
}
