package dev.modelport.local;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the local mode, read before Quarkus starts (they decide where its API server points). */
public class LocalOptions {

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "8080",
            description = "The gateway's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    public int port;

    @Option(names = "--kubeconfig", paramLabel = "<file>", defaultValue = "target/local/kubeconfig",
            description = "Where to write the kubeconfig of the embedded API server (default: ${DEFAULT-VALUE}).")
    public Path kubeconfig;

    @Option(names = "--manifests", paramLabel = "<folder>", defaultValue = "samples/local/",
            description = "The folder (or file) of manifests to apply at start (default: ${DEFAULT-VALUE}).")
    public Path manifests;

    /** Which API server local mode runs on; the constants are the values users type. */
    public enum ControlPlane { embedded, kube }

    @Option(names = "--control-plane", paramLabel = "<embedded|kube>", defaultValue = "embedded",
            description = "embedded: an in-memory API server, nothing to build (default); kube: the real "
                    + "kube-apiserver and etcd of " + KubeControlPlane.BUILT_NAME + ", which 'mvn -B -ntp verify "
                    + "-DskipTests' builds (needs Go): admission with the CRD's schema and CEL rules, printer columns, "
                    + "watches (kubectl get -w, kubectl wait) and RBAC.")
    public ControlPlane controlPlane;

    @Option(names = "--demo-port", paramLabel = "<port>", defaultValue = "8090",
            description = "The demo upstream's port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any free port); "
                    + "models applied from the manifests folder with an endpoint on 127.0.0.1:8090 are moved to it.")
    public int demoPort;

    @Option(names = "--api-server-only",
            description = "Run the API server (with the manifests applied), the demo upstream and the kubeconfig "
                    + "only: no operator, no gateway, no console; for an operator or gateway run on their own "
                    + "against it (KUBECONFIG), as bench/operator-scale.sh does.")
    public boolean apiServerOnly;
}
