package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.Authorization;
import dev.modelport.api.v1alpha1.AuthorizationType;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.Header;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the Secret values a spec refers to and returns the endpoint ready to call. Only the Secrets the spec names
 * are read, each once, and only those {@link CredentialSecrets} lets Modelport use, their values as it reads them;
 * every problem is reported in one message that names Secrets and keys, never values, with the category of the
 * first.
 */
public final class CredentialResolver {

    private CredentialResolver() {
    }

    /** A Secret key the spec uses. */
    private record Use(String secret, String key) {
    }

    /**
     * The names of the Secrets the spec reads, all in the model's namespace. Works on any spec, valid or not: a
     * reference without a name is left to validation.
     */
    public static Set<String> referencedSecrets(ExternalModelSpec spec) {
        Set<String> names = new TreeSet<>();
        if (spec != null) {
            uses(spec).forEach(use -> names.add(use.secret()));
        }
        return names;
    }

    public static ResolvedEndpoint resolve(ExternalModelSpec spec, SecretSource secrets) throws AdapterException {
        Authorization authorization = spec.authorization;
        AuthorizationType type = Authorization.typeOf(authorization);
        List<String> keys = keys(type);
        if (!keys.isEmpty() && (authorization.secretRef == null || authorization.secretRef.name == null)) {
            throw new AdapterException(FailureCategory.CredentialsMissing,
                    "authorization type " + type + " needs a secretRef");
        }
        Map<Use, String> values = read(uses(spec), secrets);

        Map<String, String> credentials = new HashMap<>();
        for (String key : keys) {
            credentials.put(key, values.get(new Use(authorization.secretRef.name, key)));
        }
        List<ResolvedHeader> resolvedHeaders = new ArrayList<>();
        for (Header header : spec.headers == null ? List.<Header>of() : spec.headers) {
            resolvedHeaders.add(new ResolvedHeader(header.name, header.valueFrom == null ? header.value
                    : values.get(new Use(header.valueFrom.secretKeyRef.name, header.valueFrom.secretKeyRef.key))));
        }
        boolean oauth2 = type == AuthorizationType.OAuth2ClientCredentials;
        return new ResolvedEndpoint(spec.endpoint, type,
                type == AuthorizationType.ApiKey ? authorization.header : null,
                oauth2 ? authorization.tokenUrl : null, oauth2 ? authorization.scopes : null,
                credentials, resolvedHeaders, hash(values));
    }

    /** The documented keys of each authorization profile. */
    private static List<String> keys(AuthorizationType type) {
        return switch (type) {
            case None -> List.of();
            case Bearer -> List.of("token");
            case ApiKey -> List.of("apiKey");
            case Basic -> List.of("username", "password");
            case OAuth2ClientCredentials -> List.of("clientId", "clientSecret");
        };
    }

    /** The Secret keys the spec reads: the authorization's, then the headers' in spec order. */
    private static List<Use> uses(ExternalModelSpec spec) {
        List<Use> uses = new ArrayList<>();
        Authorization authorization = spec.authorization;
        if (authorization != null && authorization.secretRef != null && authorization.secretRef.name != null) {
            keys(Authorization.typeOf(authorization))
                    .forEach(key -> uses.add(new Use(authorization.secretRef.name, key)));
        }
        for (Header header : spec.headers == null ? List.<Header>of() : spec.headers) {
            if (header != null && header.valueFrom != null && header.valueFrom.secretKeyRef != null
                    && header.valueFrom.secretKeyRef.name != null) {
                uses.add(new Use(header.valueFrom.secretKeyRef.name, header.valueFrom.secretKeyRef.key));
            }
        }
        return uses;
    }

    /** The value of every use, or one exception listing every problem. */
    private static Map<Use, String> read(List<Use> uses, SecretSource secrets) throws AdapterException {
        Map<String, Secret> loaded = new HashMap<>();
        Map<String, FailureCategory> problems = new LinkedHashMap<>();
        Map<Use, String> values = new LinkedHashMap<>();
        for (Use use : uses) {
            if (!loaded.containsKey(use.secret())) {
                loaded.put(use.secret(), secrets.secret(use.secret()));
            }
            Secret secret = loaded.get(use.secret());
            if (secret == null) {
                // The roles watch labelled Secrets only, so an unlabelled one looks missing: name both fixes.
                problems.putIfAbsent("Secret " + use.secret() + " not found among the Secrets labelled "
                        + CredentialSecrets.CONSENT_SELECTOR + ": create it, or label it "
                        + CredentialSecrets.CONSENT_SELECTOR, FailureCategory.CredentialsMissing);
                continue;
            }
            AdapterException refusal = CredentialSecrets.refusal(secret);
            if (refusal != null) {
                problems.putIfAbsent(refusal.getMessage(), refusal.category());
                continue;
            }
            try {
                String value = CredentialSecrets.value(secret, use.key());
                if (value == null) {
                    problems.putIfAbsent("Secret " + use.secret() + " has no key " + use.key(),
                            FailureCategory.CredentialsMissing);
                } else {
                    values.put(use, value);
                }
            } catch (AdapterException e) {
                problems.putIfAbsent(e.getMessage(), e.category());
            }
        }
        if (!problems.isEmpty()) {
            throw new AdapterException(problems.values().iterator().next(), String.join("; ", problems.keySet()));
        }
        return values;
    }

    /** SHA-256 over the sorted (Secret, key, value) triples, each part length-prefixed so no two sets collide. */
    private static String hash(Map<Use, String> values) {
        MessageDigest digest = Digests.sha256();
        values.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Use, String> e) -> e.getKey().secret())
                        .thenComparing(e -> e.getKey().key()))
                .forEach(e -> {
                    update(digest, e.getKey().secret());
                    update(digest, e.getKey().key());
                    update(digest, e.getValue());
                });
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
