package dev.modelport.cli;

import dev.modelport.gateway.models.ModelRegistry;
import io.quarkus.runtime.Quarkus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The in-cluster gateway role: serves enabled ExternalModels over an OpenAI-compatible API until stopped. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Run the inference gateway: serve every ExternalModel in phase InferenceEnabled over "
                + "POST /v1/chat/completions, GET /v1/models and the invoke API, on quarkus.http.port.",
                "Settings: modelport.gateway.auth (kubernetes or none), modelport.gateway.namespaces, "
                        + "modelport.gateway.upstream-timeout, modelport.upstream.*."})
public class GatewayCommand implements Callable<Integer> {

    private final ModelRegistry registry;

    GatewayCommand(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() {
        registry.start();
        Quarkus.waitForExit();
        return 0;
    }
}
