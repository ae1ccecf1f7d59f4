package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Which Secrets Modelport reads credentials from and how it reads their values: the one place the operator, the
 * gateway and the test command share. A Secret is used only when its owner labelled it for Modelport and only when
 * its type is meant for arbitrary credentials. Refusals name the Secret (and the key), never a value.
 */
public final class CredentialSecrets {

    /** The label by which a Secret's owner lets Modelport use it. */
    public static final String CONSENT_LABEL = "modelport.dev/credentials";
    /** The label selector of the roles' Secret informers: the only Secrets they list or watch. */
    public static final String CONSENT_SELECTOR = CONSENT_LABEL + "=true";
    /** Opaque is what the API server gives a Secret created without a type. */
    private static final Set<String> TYPES = Set.of("Opaque", "kubernetes.io/basic-auth");

    private CredentialSecrets() {
    }

    /**
     * Why no value of this Secret may be used, or null when they may. Without the label the Secret was never given to
     * Modelport, even if a role can read it (RBAC cannot grant Secrets by label). A service-account token, a TLS key
     * or a registry login is refused even when labelled: sending one to a model endpoint is never what was meant.
     */
    static AdapterException refusal(Secret secret) {
        String name = secret.getMetadata().getName();
        Map<String, String> labels = secret.getMetadata().getLabels();
        if (labels == null || !"true".equals(labels.get(CONSENT_LABEL))) {
            return new AdapterException(FailureCategory.CredentialsRefused, "Secret " + name + " is not labelled "
                    + CONSENT_SELECTOR + ": label it " + CONSENT_SELECTOR + " to let Modelport use it");
        }
        String type = secret.getType() == null || secret.getType().isEmpty() ? "Opaque" : secret.getType();
        if (!TYPES.contains(type)) {
            return new AdapterException(FailureCategory.CredentialsRefused, "Secret " + name + " is of type " + type
                    + ", which Modelport never reads: put the credentials in a Secret of type Opaque or "
                    + "kubernetes.io/basic-auth");
        }
        return null;
    }

    /**
     * The text of a key of a Secret without {@link #refusal}, or null when the Secret has no such key. stringData
     * wins over data, as the API server merges them (only a manifest read by the test command still has
     * stringData). One trailing line ending is dropped: {@code kubectl create secret --from-file} keeps the newline
     * most editors end a file with, and no credential ends with one.
     *
     * @throws AdapterException {@link FailureCategory#CredentialsRefused} when the value is not base64, not UTF-8,
     *     empty, or holds any other control character (a line break or a tab inside a token is a mistake that
     *     would otherwise reach the endpoint as a confusing 401, or split a header)
     */
    static String value(Secret secret, String key) throws AdapterException {
        String name = secret.getMetadata().getName();
        String text;
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            text = secret.getStringData().get(key);
        } else if (secret.getData() != null && secret.getData().containsKey(key)) {
            text = utf8(name, key, base64(name, key, secret.getData().get(key)));
        } else {
            return null;
        }
        text = text == null ? "" : withoutTrailingNewline(text);
        if (text.isEmpty()) {
            throw refused(name, key, "is empty");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw refused(name, key, "holds a control character (only one trailing newline is removed)");
        }
        return text;
    }

    private static String withoutTrailingNewline(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static byte[] base64(String secret, String key, String encoded) throws AdapterException {
        try {
            return Base64.getDecoder().decode(encoded == null ? "" : encoded.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw refused(secret, key, "is not base64");
        }
    }

    private static String utf8(String secret, String key, byte[] bytes) throws AdapterException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw refused(secret, key, "is not UTF-8 text");
        }
    }

    private static AdapterException refused(String secret, String key, String problem) {
        return new AdapterException(FailureCategory.CredentialsRefused, "Secret " + secret + " key " + key + " "
                + problem);
    }
}
