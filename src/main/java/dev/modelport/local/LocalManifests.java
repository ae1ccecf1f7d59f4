package dev.modelport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.validation.ManifestReader;
import dev.modelport.validation.ManifestValidator;
import dev.modelport.validation.Violation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Applies a folder of manifests to the embedded API server, as {@code kubectl apply -f <folder>} would. The embedded
 * server has no admission (no schema, no CEL rules), so ExternalModels are validated here first, with the same
 * validator as the {@code validate} command; an invalid one is reported with its file and fields and not applied.
 * A model whose endpoint is on the samples' demo address ({@value #SAMPLES_DEMO_URL}) is moved to where the demo
 * upstream listens ({@code --demo-port}).
 */
final class LocalManifests {

    private static final String DEFAULT_NAMESPACE = "default";
    /** Where the models in samples/local/ expect the demo upstream: its default port. */
    static final String SAMPLES_DEMO_URL = "http://127.0.0.1:8090";

    private LocalManifests() {
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
        ManifestValidator validator = ManifestValidator.fromBuiltInCrd();
        int applied = 0;
        try {
            for (Path file : ManifestReader.files(path)) {
                applied += apply(client, validator, file, demoUrl, err);
            }
        } catch (IOException e) {
            err.println(path + ": " + e.getMessage());
        }
        return applied;
    }

    private static int apply(KubernetesClient client, ManifestValidator validator, Path file, String demoUrl,
            PrintWriter err) {
        List<ManifestReader.Document> documents;
        try {
            documents = ManifestReader.read(file);
        } catch (IOException e) {
            err.println(file + ": not applied, not valid YAML or JSON: " + e.getMessage());
            return 0;
        }
        int applied = 0;
        for (ManifestReader.Document document : documents) {
            String where = file + " (document " + document.index() + ")";
            JsonNode object = document.object();
            if (ManifestValidator.isExternalModel(object)) {
                moveToDemo(object, demoUrl);
                List<Violation> problems = validator.validate(object);
                if (!problems.isEmpty()) {
                    problems.forEach(problem -> err.println(where + ": not applied: " + problem));
                    continue;
                }
            }
            if (object.path("metadata").path("namespace").asText("").isEmpty()
                    && object.path("metadata") instanceof ObjectNode metadata) {
                metadata.put("namespace", DEFAULT_NAMESPACE);
            }
            try {
                HasMetadata resource = client.getKubernetesSerialization().unmarshal(object.toString());
                client.resource(resource).createOr(NonDeletingOperation::update);
                applied++;
            } catch (KubernetesClientException | IllegalArgumentException e) {
                err.println(where + ": not applied: " + e.getMessage());
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
