package dev.modelport.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.upstream.CredentialSecrets;
import dev.modelport.upstream.SecretSource;
import dev.modelport.validation.ManifestReader;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Secrets for the test command, from a file of Kubernetes Secret manifests, handed to the credential resolver as a
 * cluster would store them (data and stringData both kept; the resolver lets stringData win, as the API server
 * does), and judged by the same rules. Only Secrets of the model's namespace (or without a namespace) are seen.
 */
final class SecretsFile implements SecretSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Secret> secrets = new HashMap<>();

    private SecretsFile() {
    }

    static SecretsFile empty() {
        return new SecretsFile();
    }

    /** The Secrets of a manifest file exactly as a cluster would store them: the label decides, as there. */
    static SecretsFile read(Path file, String namespace) throws IOException {
        return read(file, namespace, false);
    }

    /**
     * The Secrets of a file the user named for this test (--secrets): naming it is their consent, so each counts
     * as labelled {@value CredentialSecrets#CONSENT_SELECTOR}. Type and value rules still apply.
     */
    static SecretsFile consented(Path file, String namespace) throws IOException {
        return read(file, namespace, true);
    }

    private static SecretsFile read(Path file, String namespace, boolean consented) throws IOException {
        SecretsFile result = new SecretsFile();
        for (ManifestReader.Document document : ManifestReader.read(file)) {
            JsonNode object = document.object();
            if (!"Secret".equals(object.path("kind").asText()) || !"v1".equals(object.path("apiVersion").asText())) {
                continue;
            }
            String secretNamespace = object.path("metadata").path("namespace").asText("");
            if (!secretNamespace.isEmpty() && namespace != null && !namespace.equals(secretNamespace)) {
                continue;
            }
            String name = object.path("metadata").path("name").asText();
            Secret secret;
            try {
                secret = JSON.treeToValue(object, Secret.class);
            } catch (JsonProcessingException e) {
                // Jackson's message may quote the document; this one names the Secret only.
                throw new IOException(file + ": Secret " + name + " is not a valid Secret manifest");
            }
            if (consented) {
                secret = new SecretBuilder(secret).editMetadata()
                        .addToLabels(CredentialSecrets.CONSENT_LABEL, "true").endMetadata().build();
            }
            result.secrets.put(name, secret);
        }
        return result;
    }

    @Override
    public Secret secret(String name) {
        return secrets.get(name);
    }
}
