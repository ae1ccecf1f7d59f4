package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.Authorization;
import dev.modelport.api.v1alpha1.AuthorizationType;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.Header;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the Secret values a spec refers to and returns the endpoint ready to call. Only the Secrets the spec names
 * are read, each once; every missing Secret or key is reported in one {@link FailureCategory#CredentialsMissing}
 * message that names Secrets and keys, never values.
 */
public final class CredentialResolver {

    private CredentialResolver() {
    }

    /** A Secret key the spec uses. */
    private record Use(String secret, String key) {
    }

    public static ResolvedEndpoint resolve(ExternalModelSpec spec, SecretSource secrets) throws AdapterException {
        Authorization authorization = spec.authorization;
        AuthorizationType type = Authorization.typeOf(authorization);
        List<Use> credentialUses = credentialUses(authorization, type);
        List<Header> headers = spec.headers == null ? List.of() : spec.headers;
        List<Use> uses = new ArrayList<>(credentialUses);
        for (Header header : headers) {
            if (header.valueFrom != null) {
                uses.add(new Use(header.valueFrom.secretKeyRef.name, header.valueFrom.secretKeyRef.key));
            }
        }
        Map<Use, String> values = read(uses, secrets);

        Map<String, String> credentials = new HashMap<>();
        for (Use use : credentialUses) {
            credentials.put(use.key(), values.get(use));
        }
        List<ResolvedHeader> resolvedHeaders = new ArrayList<>();
        for (Header header : headers) {
            resolvedHeaders.add(new ResolvedHeader(header.name, header.valueFrom == null ? header.value
                    : values.get(new Use(header.valueFrom.secretKeyRef.name, header.valueFrom.secretKeyRef.key))));
        }
        boolean oauth2 = type == AuthorizationType.OAuth2ClientCredentials;
        return new ResolvedEndpoint(spec.endpoint, type,
                type == AuthorizationType.ApiKey ? authorization.header : null,
                oauth2 ? authorization.tokenUrl : null, oauth2 ? authorization.scopes : null,
                credentials, resolvedHeaders, hash(values));
    }

    private static List<Use> credentialUses(Authorization authorization, AuthorizationType type)
            throws AdapterException {
        List<String> keys = switch (type) {
            case None -> List.of();
            case Bearer -> List.of("token");
            case ApiKey -> List.of("apiKey");
            case Basic -> List.of("username", "password");
            case OAuth2ClientCredentials -> List.of("clientId", "clientSecret");
        };
        if (keys.isEmpty()) {
            return List.of();
        }
        if (authorization.secretRef == null || authorization.secretRef.name == null) {
            throw new AdapterException(FailureCategory.CredentialsMissing,
                    "authorization type " + type + " needs a secretRef");
        }
        return keys.stream().map(key -> new Use(authorization.secretRef.name, key)).toList();
    }

    /** The value of every use, or one exception listing every missing Secret and key. */
    private static Map<Use, String> read(List<Use> uses, SecretSource secrets) throws AdapterException {
        Map<String, Map<String, String>> loaded = new HashMap<>();
        Set<String> problems = new LinkedHashSet<>();
        Map<Use, String> values = new LinkedHashMap<>();
        for (Use use : uses) {
            if (!loaded.containsKey(use.secret())) {
                loaded.put(use.secret(), secrets.secret(use.secret()));
            }
            Map<String, String> data = loaded.get(use.secret());
            if (data == null) {
                problems.add("Secret " + use.secret() + " not found");
            } else if (data.get(use.key()) == null) {
                problems.add("Secret " + use.secret() + " has no key " + use.key());
            } else {
                values.put(use, data.get(use.key()));
            }
        }
        if (!problems.isEmpty()) {
            throw new AdapterException(FailureCategory.CredentialsMissing, String.join("; ", problems));
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
