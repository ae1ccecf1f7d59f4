package dev.modelport.testing;

import dev.modelport.upstream.CredentialSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Secrets of the tests, as the API server holds them (values base64 in data, type Opaque): labelled for
 * Modelport, as its consent asks, or not.
 */
public final class Secrets {

    private Secrets() {
    }

    /** A labelled Secret with one key, {@code token}, as the models' Bearer authorization reads it. */
    public static Secret credentials(String name, String token) {
        return labelled(name, Map.of("token", token));
    }

    /** A Secret labelled {@code modelport.dev/credentials=true} with these values. */
    public static Secret labelled(String name, Map<String, String> values) {
        return new SecretBuilder(unlabelled(name, values)).editMetadata()
                .addToLabels(CredentialSecrets.CONSENT_LABEL, "true").endMetadata().build();
    }

    /** A Secret without Modelport's label, which Modelport must not read. */
    public static Secret unlabelled(String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((key, value) -> data.put(key, base64(value)));
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withType("Opaque").withData(data)
                .build();
    }

    public static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
