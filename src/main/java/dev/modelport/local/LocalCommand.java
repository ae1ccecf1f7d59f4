package dev.modelport.local;

import dev.modelport.gateway.models.ModelRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The whole system in one process, no cluster needed: embedded API server, operator, gateway, demo upstream. */
@Command(name = LocalMode.COMMAND, mixinStandardHelpOptions = true,
        description = {"Run Modelport locally without a cluster: a Kubernetes API server with the ExternalModel CRD "
                + "(in memory, or with --control-plane kube the real one the build makes), the operator, the gateway "
                + "on 127.0.0.1 (no caller authorization, loopback upstreams allowed) and a demo upstream; applies "
                + "the manifests folder and writes a kubeconfig for kubectl (use --validate=false with the in-memory "
                + "server). Prints a table of the models whenever one changes. Stop with Ctrl-C."})
public class LocalCommand implements Callable<Integer> {

    private final KubernetesClient client;
    private final Operator operator;
    private final ModelRegistry registry;

    @Mixin
    LocalOptions options;

    @Spec
    CommandSpec spec;

    LocalCommand(KubernetesClient client, Operator operator, ModelRegistry registry) {
        this.client = client;
        this.operator = operator;
        this.registry = registry;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalMode local = LocalMode.current();
        if (local == null) {
            err.println("local mode: the API server was not started (run through the application's main)");
            err.flush();
            return 1;
        }
        long start = System.nanoTime();
        int applied = LocalManifests.apply(client, options.manifests, local.demoUpstreamUrl(), err);
        String manifests = "%d objects applied from %s in %.1f s".formatted(applied, options.manifests,
                (System.nanoTime() - start) / 1e9);
        err.flush();
        String kubectl = "kubectl --kubeconfig " + options.kubeconfig;
        if (options.apiServerOnly) {
            out.printf("""
                    Modelport local API server ready on %s (no operator, no gateway): kubeconfig %s, %s, demo \
                    upstream %s
                      KUBECONFIG=%s java -jar target/quarkus-app/quarkus-run.jar operator
                    Stop with Ctrl-C.
                    """, local.apiServerDescription(), options.kubeconfig, manifests, local.demoUpstreamUrl(),
                    options.kubeconfig);
            out.flush();
            Quarkus.waitForExit();
        } else {
            try (LocalConsole console = LocalConsole.start(client, out)) {
                operator.start();
                registry.start();
                out.printf("""
                        Modelport local mode ready on %s: gateway http://127.0.0.1:%d/v1, kubeconfig %s, %s, demo \
                        upstream %s
                          %s get externalmodels -o yaml
                          %s apply %s-f my-model.yaml
                          curl -s http://127.0.0.1:%d/v1/chat/completions -H 'Content-Type: application/json' \
                        -d '{"model": "default/demo-chat", "messages": [{"role": "user", "content": "Hello"}]}'
                        Stop with Ctrl-C.
                        """, local.apiServerDescription(), options.port, options.kubeconfig, manifests,
                        local.demoUpstreamUrl(), kubectl, kubectl, local.admission() ? "" : "--validate=false ",
                        options.port);
                out.flush();
                Quarkus.waitForExit();
            }
        }
        // Printed first: on Ctrl-C the JVM may halt while the API server is still stopping (it then stops when its
        // standard input, a pipe from this JVM, closes).
        out.println("Modelport local mode stopped");
        out.flush();
        local.close();
        return 0;
    }
}
