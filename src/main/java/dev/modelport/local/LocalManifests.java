package dev.modelport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.validation.ManifestReader;
import dev.modelport.validation.ManifestValidator;
import dev.modelport.validation.Violation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Applies a folder of manifests to the API server, as {@code kubectl apply -f <folder>} would. The embedded server
 * has no admission (no schema, no CEL rules), so ExternalModels are validated here first, with the same validator as
 * the {@code validate} command; an invalid one is reported with its file and fields and not applied. A model whose
 * endpoint is on the samples' demo address ({@value #SAMPLES_DEMO_URL}) is moved to where the demo upstream listens
 * ({@code --demo-port}). Objects are sent {@value #IN_FLIGHT} at a time (thousands of models take seconds, not
 * minutes); a Namespace or a CustomResourceDefinition waits for those before it and is applied before those after
 * it. Refusals are reported in the documents' order.
 */
final class LocalManifests {

    private static final String DEFAULT_NAMESPACE = "default";
    /** Where the models in samples/local/ expect the demo upstream: its default port. */
    static final String SAMPLES_DEMO_URL = "http://127.0.0.1:8090";
    static final int IN_FLIGHT = 8;
    /** Kinds the objects after them may need to exist first. */
    private static final Set<String> BARRIERS = Set.of("Namespace", "CustomResourceDefinition");

    private final KubernetesClient client;
    private final ManifestValidator validator = ManifestValidator.fromBuiltInCrd();
    private final String demoUrl;
    private final PrintWriter err;
    /** Each document's outcome, in order: null when applied, else the message reported. */
    private final List<CompletableFuture<String>> outcomes = new ArrayList<>();

    private LocalManifests(KubernetesClient client, String demoUrl, PrintWriter err) {
        this.client = client;
        this.demoUrl = demoUrl;
        this.err = err;
    }

    /**
     * Applies every object below path; returns how many were applied, reporting the others on err.
     *
     * @param demoUrl the demo upstream's base URL, which replaces {@value #SAMPLES_DEMO_URL} in endpoints
     */
    static int apply(KubernetesClient client, Path path, String demoUrl, PrintWriter err) {
        if (!Files.exists(path)) {
            err.println(path + ": no such file or folder; nothing applied");
            return 0;
        }
        LocalManifests manifests = new LocalManifests(client, demoUrl, err);
        try (ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT)) {
            for (Path file : ManifestReader.files(path)) {
                manifests.apply(file, senders);
            }
        } catch (IOException e) {
            err.println(path + ": " + e.getMessage());
        }
        return manifests.report();
    }

    private void apply(Path file, ExecutorService senders) {
        List<ManifestReader.Document> documents;
        try {
            documents = ManifestReader.read(file);
        } catch (IOException e) {
            outcomes.add(CompletableFuture.completedFuture(file + ": not applied, not valid YAML or JSON: "
                    + e.getMessage()));
            return;
        }
        for (ManifestReader.Document document : documents) {
            String where = file + " (document " + document.index() + ")";
            String refused = prepare(document.object(), where);
            if (refused != null) {
                outcomes.add(CompletableFuture.completedFuture(refused));
            } else if (BARRIERS.contains(document.object().path("kind").asText())) {
                CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).join();
                outcomes.add(CompletableFuture.completedFuture(send(document.object(), where)));
            } else {
                outcomes.add(CompletableFuture.supplyAsync(() -> send(document.object(), where), senders));
            }
        }
    }

    /** Validates an ExternalModel; when invalid, a line for each violation, to report. */
    private String prepare(JsonNode object, String where) {
        if (ManifestValidator.isExternalModel(object)) {
            moveToDemo(object, demoUrl);
            List<Violation> problems = validator.validate(object);
            if (!problems.isEmpty()) {
                return problems.stream().map(problem -> where + ": not applied: " + problem)
                        .collect(Collectors.joining(System.lineSeparator()));
            }
        }
        return null;
    }

    /** Creates or updates the object, a namespaced one without a namespace in default; null when done. */
    private String send(JsonNode object, String where) {
        try {
            HasMetadata resource = client.getKubernetesSerialization().unmarshal(object.toString());
            if (resource instanceof Namespaced && resource.getMetadata().getNamespace() == null) {
                resource.getMetadata().setNamespace(DEFAULT_NAMESPACE);
            }
            client.resource(resource).createOr(NonDeletingOperation::update);
            return null;
        } catch (KubernetesClientException | IllegalArgumentException e) {
            return where + ": not applied: " + e.getMessage();
        }
    }

    /** Reports the refusals in the documents' order; returns how many were applied. */
    private int report() {
        int applied = 0;
        for (CompletableFuture<String> outcome : outcomes) {
            String refused = outcome.join();
            if (refused == null) {
                applied++;
            } else {
                err.println(refused);
            }
        }
        return applied;
    }

    /** Points an endpoint on {@value #SAMPLES_DEMO_URL} at demoUrl, path and query kept. */
    static void moveToDemo(JsonNode model, String demoUrl) {
        String endpoint = model.path("spec").path("endpoint").asText("");
        if (!demoUrl.equals(SAMPLES_DEMO_URL) && endpoint.startsWith(SAMPLES_DEMO_URL + "/")
                && model.path("spec") instanceof ObjectNode spec) {
            spec.put("endpoint", demoUrl + endpoint.substring(SAMPLES_DEMO_URL.length()));
        }
    }
}
