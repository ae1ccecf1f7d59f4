package dev.modelport.local;

import dev.modelport.gateway.ModelRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The whole system in one process, no cluster needed: embedded API server, operator, gateway, demo upstream. */
@Command(name = LocalMode.COMMAND, mixinStandardHelpOptions = true,
        description = {"Run Modelport locally without a cluster: an in-memory Kubernetes API server with the "
                + "ExternalModel CRD, the operator, the gateway on 127.0.0.1 (no caller authorization, loopback "
                + "upstreams allowed) and a demo upstream; applies the manifests folder and writes a kubeconfig "
                + "for kubectl (use --validate=false). Prints a table of the models whenever one changes. "
                + "Stop with Ctrl-C."})
public class LocalCommand implements Callable<Integer> {

    @Mixin
    LocalOptions options;

    @Inject
    KubernetesClient client;

    @Inject
    Operator operator;

    @Inject
    ModelRegistry registry;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalMode local = LocalMode.current();
        if (local == null) {
            err.println("local mode: the embedded API server was not started (run through the application's main)");
            err.flush();
            return 1;
        }
        int applied = LocalManifests.apply(client, options.manifests, err);
        err.flush();
        try (LocalConsole console = LocalConsole.start(client, out)) {
            operator.start();
            registry.start();
            String kubectl = "kubectl --kubeconfig " + options.kubeconfig;
            out.printf("""
                    Modelport local mode ready: gateway http://127.0.0.1:%d/v1, kubeconfig %s, %d objects applied \
                    from %s, demo upstream %s
                      %s get externalmodels -o yaml
                      %s apply --validate=false -f my-model.yaml
                      curl -s http://127.0.0.1:%d/v1/chat/completions -H 'Content-Type: application/json' \
                    -d '{"model": "default/demo-chat", "messages": [{"role": "user", "content": "Hello"}]}'
                    Stop with Ctrl-C.
                    """, options.port, options.kubeconfig, applied, options.manifests, local.demoUpstreamUrl(),
                    kubectl, kubectl, options.port);
            out.flush();
            Quarkus.waitForExit();
        }
        local.close();
        out.println("Modelport local mode stopped");
        out.flush();
        return 0;
    }
}
