package dev.modelport.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialSecretsTest {

    private static final String CANARY = "v-SECRET-7c1";

    private static Secret data(String key, byte[] value) {
        return new SecretBuilder().withNewMetadata().withName("llm").endMetadata()
                .withData(Map.of(key, Base64.getEncoder().encodeToString(value))).build();
    }

    private static Secret data(String key, String value) {
        return data(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static AdapterException refusal(Secret secret, String key) {
        AdapterException e = catchThrowableOfType(AdapterException.class, () -> CredentialSecrets.value(secret, key));
        assertThat(e).as("a refusal").isNotNull();
        assertThat(e.category()).isEqualTo(FailureCategory.CredentialsRefused);
        assertThat(e.getMessage()).startsWith("Secret llm key " + key + " ").doesNotContain(CANARY, "SECRET");
        return e;
    }

    @Test
    void shouldDecodeDataAsTheApiServerStoresIt() throws Exception {
        assertThat(CredentialSecrets.value(data("token", "t-42 é"), "token")).isEqualTo("t-42 é");
    }

    @Test
    void shouldPreferStringDataOverDataAsTheApiServerMergesThem() throws Exception {
        Secret secret = new SecretBuilder(data("token", "old")).withStringData(Map.of("token", "new")).build();
        assertThat(CredentialSecrets.value(secret, "token")).isEqualTo("new");
    }

    @Test
    void shouldReturnNullForAKeyTheSecretDoesNotHave() throws Exception {
        assertThat(CredentialSecrets.value(data("token", "t"), "apiKey")).isNull();
        assertThat(CredentialSecrets.value(new SecretBuilder().withNewMetadata().withName("llm").endMetadata()
                .build(), "token")).isNull();
    }

    @Test
    void shouldStripOneTrailingNewlineAsKubectlCreateSecretFromFileKeepsIt() throws Exception {
        assertThat(CredentialSecrets.value(data("token", CANARY + "\n"), "token")).isEqualTo(CANARY);
        assertThat(CredentialSecrets.value(data("token", CANARY + "\r\n"), "token")).isEqualTo(CANARY);
        assertThat(refusal(data("token", CANARY + "\n\n"), "token")).hasMessage(
                "Secret llm key token holds a control character (only one trailing newline is removed)");
    }

    @Test
    void shouldRefuseAnEmptyValueNamingTheSecretAndKey() {
        assertThat(refusal(data("token", ""), "token")).hasMessage("Secret llm key token is empty");
        assertThat(refusal(data("token", "\n"), "token")).hasMessage("Secret llm key token is empty");
        Secret emptyString = new SecretBuilder().withNewMetadata().withName("llm").endMetadata()
                .withStringData(Map.of("token", "")).build();
        assertThat(refusal(emptyString, "token")).hasMessage("Secret llm key token is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "a\nb", "\u0000", "a\rb", "\u007f", "\u0085", "\u001b[0m"})
    void shouldRefuseAnyOtherControlCharacterWithoutShowingTheValue(String value) {
        refusal(data("token", CANARY + value + CANARY), "token");
    }

    @Test
    void shouldRefuseDataThatIsNotBase64OrNotUtf8() {
        Secret notBase64 = new SecretBuilder().withNewMetadata().withName("llm").endMetadata()
                .withData(Map.of("token", CANARY + "%%")).build();
        assertThat(refusal(notBase64, "token")).hasMessage("Secret llm key token is not base64");
        assertThat(refusal(data("token", new byte[] {'k', (byte) 0xff, (byte) 0xfe}), "token"))
                .hasMessage("Secret llm key token is not UTF-8 text");
    }
}
