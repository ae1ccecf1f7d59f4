package dev.modelport.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.Authorization;
import dev.modelport.api.v1alpha1.AuthorizationType;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.Header;
import dev.modelport.api.v1alpha1.HeaderValueSource;
import dev.modelport.api.v1alpha1.SecretKeySelector;
import dev.modelport.api.v1alpha1.SecretReference;
import dev.modelport.testing.Secrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialResolverTest {

    private static final String GONE = " among the Secrets labelled modelport.dev/credentials=true: create it, or "
            + "label it modelport.dev/credentials=true";

    private final Map<String, Map<String, String>> secrets = new HashMap<>();
    private final List<String> reads = new ArrayList<>();

    private final SecretSource source = name -> {
        reads.add(name);
        return secrets.containsKey(name) ? Secrets.labelled(name, secrets.get(name)) : null;
    };

    static ExternalModelSpec spec(AuthorizationType type, String secret) {
        ExternalModelSpec spec = new ExternalModelSpec();
        spec.endpoint = "https://llm.example.com/v1/chat?key=q-secret";
        spec.authorization = new Authorization();
        spec.authorization.type = type;
        spec.authorization.secretRef = secret == null ? null : new SecretReference(secret);
        return spec;
    }

    static Header literal(String name, String value) {
        Header header = new Header();
        header.name = name;
        header.value = value;
        return header;
    }

    static Header fromSecret(String name, String secret, String key) {
        Header header = new Header();
        header.name = name;
        header.valueFrom = new HeaderValueSource();
        header.valueFrom.secretKeyRef = new SecretKeySelector();
        header.valueFrom.secretKeyRef.name = secret;
        header.valueFrom.secretKeyRef.key = key;
        return header;
    }

    private AdapterException failure(ExternalModelSpec spec) {
        try {
            CredentialResolver.resolve(spec, source);
        } catch (AdapterException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void noneReadsNothing() throws Exception {
        ExternalModelSpec spec = spec(AuthorizationType.None, "ignored");
        ResolvedEndpoint endpoint = CredentialResolver.resolve(spec, source);
        assertThat(endpoint.authorizationType()).isEqualTo(AuthorizationType.None);
        assertThat(endpoint.credentials()).isEmpty();
        assertThat(reads).isEmpty();
    }

    @Test
    void omittedAuthorizationIsNone() throws Exception {
        ExternalModelSpec spec = spec(AuthorizationType.None, null);
        spec.authorization = null;
        assertThat(CredentialResolver.resolve(spec, source).authorizationType()).isEqualTo(AuthorizationType.None);
    }

    @Test
    void bearerReadsToken() throws Exception {
        secrets.put("llm", Map.of("token", "t-secret", "unused", "u-secret"));
        ResolvedEndpoint endpoint = CredentialResolver.resolve(spec(AuthorizationType.Bearer, "llm"), source);
        assertThat(endpoint.credentials()).containsExactly(Map.entry("token", "t-secret"));
        assertThat(endpoint.url()).isEqualTo("https://llm.example.com/v1/chat?key=q-secret");
    }

    @Test
    void apiKeyReadsKeyAndHeaderName() throws Exception {
        secrets.put("llm", Map.of("apiKey", "k-secret"));
        ExternalModelSpec spec = spec(AuthorizationType.ApiKey, "llm");
        spec.authorization.header = "x-api-key";
        ResolvedEndpoint endpoint = CredentialResolver.resolve(spec, source);
        assertThat(endpoint.credentials()).containsExactly(Map.entry("apiKey", "k-secret"));
        assertThat(endpoint.apiKeyHeader()).isEqualTo("x-api-key");
    }

    @Test
    void basicReadsUsernameAndPassword() throws Exception {
        secrets.put("llm", Map.of("username", "alice", "password", "p-secret"));
        ResolvedEndpoint endpoint = CredentialResolver.resolve(spec(AuthorizationType.Basic, "llm"), source);
        assertThat(endpoint.credentials()).isEqualTo(Map.of("username", "alice", "password", "p-secret"));
    }

    @Test
    void oauth2ReadsClientCredentialsAndKeepsTokenUrlAndScopes() throws Exception {
        secrets.put("llm", Map.of("clientId", "client", "clientSecret", "c-secret"));
        ExternalModelSpec spec = spec(AuthorizationType.OAuth2ClientCredentials, "llm");
        spec.authorization.tokenUrl = "https://auth.example.com/token";
        spec.authorization.scopes = List.of("a", "b");
        ResolvedEndpoint endpoint = CredentialResolver.resolve(spec, source);
        assertThat(endpoint.credentials()).isEqualTo(Map.of("clientId", "client", "clientSecret", "c-secret"));
        assertThat(endpoint.tokenUrl()).isEqualTo("https://auth.example.com/token");
        assertThat(endpoint.scopes()).containsExactly("a", "b");
    }

    @Test
    void headersLiteralAndFromSecretsInSpecOrder() throws Exception {
        secrets.put("llm", Map.of("token", "t-secret"));
        secrets.put("org", Map.of("id", "h-secret"));
        ExternalModelSpec spec = spec(AuthorizationType.Bearer, "llm");
        spec.headers = List.of(literal("X-Literal", "lit-value"), fromSecret("X-Org", "org", "id"));
        ResolvedEndpoint endpoint = CredentialResolver.resolve(spec, source);
        assertThat(endpoint.headers()).containsExactly(new ResolvedHeader("X-Literal", "lit-value"),
                new ResolvedHeader("X-Org", "h-secret"));
        assertThat(reads).containsExactlyInAnyOrder("llm", "org");
    }

    @Test
    void eachSecretIsReadOnce() throws Exception {
        secrets.put("llm", Map.of("token", "t-secret", "org", "h-secret"));
        ExternalModelSpec spec = spec(AuthorizationType.Bearer, "llm");
        spec.headers = List.of(fromSecret("X-Org", "llm", "org"));
        CredentialResolver.resolve(spec, source);
        assertThat(reads).containsExactly("llm");
    }

    @Test
    void missingSecretIsNamed() {
        AdapterException e = failure(spec(AuthorizationType.Bearer, "gone"));
        assertThat(e.category()).isEqualTo(FailureCategory.CredentialsMissing);
        assertThat(e).hasMessage("Secret gone not found among the Secrets labelled modelport.dev/credentials=true: "
                + "create it, or label it modelport.dev/credentials=true");
    }

    @Test
    void everyMissingSecretAndKeyIsListedOnce() {
        secrets.put("llm", Map.of("clientId", "client"));
        secrets.put("org", Map.of());
        ExternalModelSpec spec = spec(AuthorizationType.OAuth2ClientCredentials, "llm");
        spec.authorization.tokenUrl = "https://auth.example.com/token";
        spec.headers = List.of(fromSecret("X-Org", "org", "id"), fromSecret("X-A", "gone", "a"),
                fromSecret("X-B", "gone", "b"));
        AdapterException e = failure(spec);
        assertThat(e.category()).isEqualTo(FailureCategory.CredentialsMissing);
        assertThat(e).hasMessage("Secret llm has no key clientSecret; Secret org has no key id; Secret gone not found"
                + GONE);
        assertThat(reads).containsExactly("llm", "org", "gone");
    }

    @Test
    void missingSecretRefIsCredentialsMissing() {
        AdapterException e = failure(spec(AuthorizationType.Basic, null));
        assertThat(e.category()).isEqualTo(FailureCategory.CredentialsMissing);
        assertThat(e).hasMessage("authorization type Basic needs a secretRef");
    }

    @Test
    void valuesAreReadAsCredentialSecretsReadsThemAndEveryProblemIsListedWithTheFirstCategory() throws Exception {
        secrets.put("llm", Map.of("token", "t-secret\n"));
        secrets.put("org", Map.of("id", "h-secret\tx", "tenant", ""));
        ExternalModelSpec spec = spec(AuthorizationType.Bearer, "llm");
        assertThat(CredentialResolver.resolve(spec, source).credentials()).containsExactly(Map.entry("token",
                "t-secret"));

        spec.headers = List.of(fromSecret("X-Org", "org", "id"), fromSecret("X-Tenant", "org", "tenant"),
                fromSecret("X-Gone", "gone", "a"));
        AdapterException e = failure(spec);
        assertThat(e.category()).isEqualTo(FailureCategory.CredentialsRefused);
        assertThat(e).hasMessage("Secret org key id holds a control character (only one trailing newline is "
                + "removed); Secret org key tenant is empty; Secret gone not found" + GONE);
        spec.headers = List.of(fromSecret("X-Gone", "gone", "a"), fromSecret("X-Org", "org", "id"));
        assertThat(failure(spec).category()).isEqualTo(FailureCategory.CredentialsMissing);
    }

    @Test
    void onlyLabelledSecretsOfACredentialTypeAreUsedAndTheFixIsNamed() throws Exception {
        Secret labelled = Secrets.labelled("llm", Map.of("token", "t-secret", "id", "h-secret"));
        Map<String, Secret> stored = new HashMap<>();
        SecretSource as = stored::get;
        ExternalModelSpec spec = spec(AuthorizationType.Bearer, "llm");
        spec.headers = List.of(fromSecret("X-Org", "llm", "id"), fromSecret("X-Other", "llm", "absent"));

        stored.put("llm", new SecretBuilder(labelled).editMetadata().withLabels(null).endMetadata().build());
        AdapterException unlabelled = catchThrowableOfType(AdapterException.class,
                () -> CredentialResolver.resolve(spec, as));
        assertThat(unlabelled.category()).isEqualTo(FailureCategory.CredentialsRefused);
        assertThat(unlabelled).as("the Secret is named once, its keys are not looked at").hasMessage(
                "Secret llm is not labelled modelport.dev/credentials=true: label it modelport.dev/credentials=true "
                        + "to let Modelport use it");
        stored.put("llm", new SecretBuilder(labelled).editMetadata()
                .addToLabels(CredentialSecrets.CONSENT_LABEL, "false").endMetadata().build());
        assertThat(catchThrowableOfType(AdapterException.class, () -> CredentialResolver.resolve(spec, as)))
                .hasMessageContaining("is not labelled");

        for (String type : List.of("kubernetes.io/service-account-token", "kubernetes.io/tls",
                "kubernetes.io/dockerconfigjson", "bootstrap.kubernetes.io/token", "example.com/custom")) {
            stored.put("llm", new SecretBuilder(labelled).withType(type).build());
            AdapterException refused = catchThrowableOfType(AdapterException.class,
                    () -> CredentialResolver.resolve(spec, as));
            assertThat(refused.category()).isEqualTo(FailureCategory.CredentialsRefused);
            assertThat(refused).hasMessage("Secret llm is of type " + type + ", which Modelport never reads: put the "
                    + "credentials in a Secret of type Opaque or kubernetes.io/basic-auth");
        }

        spec.headers = List.of(fromSecret("X-Org", "llm", "id"));
        for (String type : new String[] {"Opaque", "kubernetes.io/basic-auth", null}) {
            stored.put("llm", new SecretBuilder(labelled).withType(type).build());
            assertThat(CredentialResolver.resolve(spec, as).headers())
                    .containsExactly(new ResolvedHeader("X-Org", "h-secret"));
        }
    }

    @Test
    void referencedSecretsAreTheNamesTheResolverReadsEvenOfAnInvalidSpec() {
        ExternalModelSpec spec = spec(AuthorizationType.OAuth2ClientCredentials, "llm");
        Header noRef = fromSecret("X-A", "x", "a");
        noRef.valueFrom.secretKeyRef = null;
        spec.headers = new ArrayList<>(List.of(fromSecret("X-Org", "org", "id"), literal("X-Lit", "v"), noRef,
                fromSecret("X-Again", "llm", "other")));
        spec.headers.add(null);
        assertThat(CredentialResolver.referencedSecrets(spec)).containsExactly("llm", "org");
        assertThat(CredentialResolver.referencedSecrets(spec(AuthorizationType.None, "ignored"))).isEmpty();
        assertThat(CredentialResolver.referencedSecrets(spec(AuthorizationType.Bearer, null))).isEmpty();
        assertThat(CredentialResolver.referencedSecrets(null)).isEmpty();
    }

    @Test
    void hashChangesWithAnyUsedValueOnly() throws Exception {
        secrets.put("llm", new HashMap<>(Map.of("token", "t-secret", "unused", "x")));
        secrets.put("org", new HashMap<>(Map.of("id", "h-secret")));
        ExternalModelSpec spec = spec(AuthorizationType.Bearer, "llm");
        spec.headers = List.of(fromSecret("X-Org", "org", "id"), literal("X-Lit", "v"));
        String first = CredentialResolver.resolve(spec, source).credentialsHash();

        assertThat(CredentialResolver.resolve(spec, source).credentialsHash()).isEqualTo(first);
        secrets.get("llm").put("unused", "y");
        assertThat(CredentialResolver.resolve(spec, source).credentialsHash()).isEqualTo(first);

        secrets.get("org").put("id", "h-secret2");
        String second = CredentialResolver.resolve(spec, source).credentialsHash();
        assertThat(second).isNotEqualTo(first).matches("[0-9a-f]{64}");

        secrets.get("llm").put("token", "t-secret2");
        assertThat(CredentialResolver.resolve(spec, source).credentialsHash()).isNotIn(first, second);
    }

    @Test
    void hashDoesNotContainValuesAndToStringShowsNoSecrets() throws Exception {
        secrets.put("llm", Map.of("token", "t-secret"));
        secrets.put("org", Map.of("id", "h-secret"));
        ExternalModelSpec spec = spec(AuthorizationType.Bearer, "llm");
        spec.headers = List.of(fromSecret("X-Org", "org", "id"), literal("X-Lit", "lit-value"));
        ResolvedEndpoint endpoint = CredentialResolver.resolve(spec, source);
        assertThat(endpoint.toString()).contains("llm.example.com", "X-Org", "X-Lit")
                .doesNotContain("t-secret", "h-secret", "lit-value", "q-secret");
        assertThat(endpoint.credentialsHash()).doesNotContain("t-secret", "h-secret");
    }
}
