package dev.modelport.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.AuthorizationType;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.testing.Secrets;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolvedOnceTest {

    private final Map<String, Secret> cache = new HashMap<>();
    private final SecretSource secrets = cache::get;

    @Test
    void resolvesOnceWhileTheSecretsAreTheSameObjectsAndAgainWhenOneIsReplaced() throws Exception {
        ExternalModelSpec spec = CredentialResolverTest.spec(AuthorizationType.Bearer, "llm");
        spec.headers = List.of(CredentialResolverTest.fromSecret("X-Org", "org", "id"));
        cache.put("llm", Secrets.labelled("llm", Map.of("token", "t-1")));
        cache.put("org", Secrets.labelled("org", Map.of("id", "o-1")));
        ResolvedOnce once = new ResolvedOnce(spec);

        ResolvedEndpoint first = once.resolve(secrets);
        assertThat(first.credentials()).containsEntry("token", "t-1");
        assertThat(once.resolve(secrets)).isSameAs(first);

        // The informer gives a changed Secret as another object, even with the same values.
        cache.put("org", Secrets.labelled("org", Map.of("id", "o-2")));
        ResolvedEndpoint rotated = once.resolve(secrets);
        assertThat(rotated).isNotSameAs(first);
        assertThat(rotated.headers()).singleElement().satisfies(header -> assertThat(header.value()).isEqualTo("o-2"));
        assertThat(once.resolve(secrets)).isSameAs(rotated);
    }

    @Test
    void keepsNoFailureTheSecretThatAppearsLaterIsRead() throws Exception {
        ResolvedOnce once = new ResolvedOnce(CredentialResolverTest.spec(AuthorizationType.Bearer, "late"));

        assertThatThrownBy(() -> once.resolve(secrets)).isInstanceOf(AdapterException.class)
                .hasMessageContaining("Secret late not found");
        cache.put("late", Secrets.labelled("late", Map.of("token", "t-1")));
        assertThat(once.resolve(secrets).credentials()).containsEntry("token", "t-1");
        cache.remove("late");
        assertThatThrownBy(() -> once.resolve(secrets)).as("a deleted Secret is a change too")
                .isInstanceOf(AdapterException.class);
    }
}
