package dev.modelport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.upstream.SecretSource;
import dev.modelport.validation.ManifestReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Secrets for the test command, from a file of Kubernetes Secret manifests: data (base64) and stringData, with
 * stringData winning as on a cluster. Only Secrets of the model's namespace (or without a namespace) are seen.
 */
final class SecretsFile implements SecretSource {

    private final Map<String, Map<String, String>> secrets = new HashMap<>();

    private SecretsFile() {
    }

    static SecretsFile empty() {
        return new SecretsFile();
    }

    static SecretsFile read(Path file, String namespace) throws IOException {
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
            Map<String, String> data = new HashMap<>();
            for (var fields = object.path("data").fields(); fields.hasNext();) {
                var field = fields.next();
                data.put(field.getKey(), decode(name, field.getKey(), field.getValue()));
            }
            object.path("stringData").fields().forEachRemaining(field -> data.put(field.getKey(),
                    field.getValue().asText()));
            result.secrets.put(name, data);
        }
        return result;
    }

    private static String decode(String secret, String key, JsonNode value) throws IOException {
        try {
            return new String(Base64.getMimeDecoder().decode(value.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IOException("Secret " + secret + ": data." + key + " is not base64");
        }
    }

    @Override
    public Map<String, String> secret(String name) {
        return secrets.get(name);
    }
}
