package dev.modelport.operator;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The decoded values of a Secret as the API server returns it (data, base64), with any stringData on top. */
public final class SecretData {

    private SecretData() {
    }

    public static Map<String, String> decode(Secret secret) {
        Map<String, String> values = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> values.put(key, decodeValue(value)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    private static String decodeValue(String base64) {
        try {
            return new String(Base64.getMimeDecoder().decode(base64 == null ? "" : base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // The API server never stores such a value; treat it as empty rather than failing the whole Secret.
            return "";
        }
    }
}
