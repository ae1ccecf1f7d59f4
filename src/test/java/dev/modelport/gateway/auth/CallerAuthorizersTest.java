package dev.modelport.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The factory, the settings and the decision's invariants. */
class CallerAuthorizersTest {

    @Test
    void noneAllowsEveryCallerAsAnonymousWithoutAClientAndSaysSoLoudly() {
        try (LogCapture capture = LogCapture.everyLevelOf("dev.modelport.gateway.auth")) {
            CallerAuthorizer authorizer = CallerAuthorizers.create(
                    AuthSettings.DEFAULTS.withMode(AuthSettings.Mode.NONE), null, Clock.systemUTC());

            assertThat(authorizer).isInstanceOf(AllowAllAuthorizer.class);
            assertThat(authorizer.authorize(null, "models", "gpt")).isEqualTo(new Decision(true, 200, "allowed",
                    "anonymous"));
            assertThat(authorizer.authorize("Basic junk", "other", "claude").identity()).isEqualTo("anonymous");
            assertThat(capture.lines()).anySatisfy(line -> assertThat(line.text())
                    .contains("gateway authorization is off"));
        }
    }

    @Test
    void kubernetesIsTheDefaultAndNeedsAClient() {
        assertThat(AuthSettings.DEFAULTS.mode()).isEqualTo(AuthSettings.Mode.KUBERNETES);
        assertThatThrownBy(() -> CallerAuthorizers.create(AuthSettings.DEFAULTS, null, Clock.systemUTC()))
                .isInstanceOf(NullPointerException.class).hasMessage("client");
    }

    @Test
    void theModeIsParsedFromItsConfigurationValue() {
        assertThat(AuthSettings.Mode.parse("kubernetes")).isEqualTo(AuthSettings.Mode.KUBERNETES);
        assertThat(AuthSettings.Mode.parse("none")).isEqualTo(AuthSettings.Mode.NONE);
        assertThat(AuthSettings.Mode.NONE).hasToString("none");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"None", "off", "false", "anonymous", " none"})
    void anyOtherModeValueIsRejectedRatherThanTurningAuthorizationOff(String value) {
        assertThatThrownBy(() -> AuthSettings.Mode.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("modelport.gateway.auth must be kubernetes or none, not " + value);
    }

    @Test
    void settingsAreValidatedAndTheAudiencesCopied() {
        List<String> audiences = new ArrayList<>(List.of("modelport"));
        AuthSettings settings = AuthSettings.DEFAULTS.withAudiences(audiences);
        audiences.add("other");

        assertThat(settings.audiences()).containsExactly("modelport");
        assertThat(AuthSettings.DEFAULTS).isEqualTo(new AuthSettings(AuthSettings.Mode.KUBERNETES, List.of(),
                Duration.ofSeconds(30), Duration.ofSeconds(5), 10_000));
        assertThatThrownBy(() -> new AuthSettings(AuthSettings.Mode.KUBERNETES, List.of(), Duration.ofSeconds(-1),
                Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthSettings(AuthSettings.Mode.KUBERNETES, List.of(), Duration.ZERO,
                Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDecisionsStatusAgreesWithAllowed() {
        assertThat(Decision.deny(403, "no", "u")).isEqualTo(new Decision(false, 403, "no", "u"));
        assertThatThrownBy(() -> new Decision(true, 403, "no", "u")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.deny(200, "ok", "u")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.deny(500, "error", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.allow(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "system:serviceaccount:team-a:checkout, team-a/checkout",
        "system:serviceaccount:kube-system:default, kube-system/default",
        "anonymous, anonymous",
        "alice@example.com, alice@example.com",
        "oidc:alice, oidc:alice",
        "system:node:worker-1, system:node:worker-1",
        // Not a ServiceAccount's form: kept whole rather than guessed at.
        "system:serviceaccount:team-a, system:serviceaccount:team-a",
        "system:serviceaccount::checkout, system:serviceaccount::checkout",
        "system:serviceaccount:team-a:, system:serviceaccount:team-a:",
        "system:serviceaccount:a:b:c, system:serviceaccount:a:b:c",
        "null, null"})
    void theCallerIsAServiceAccountsNamespaceAndNameOrTheUserNameAsReviewed(String identity, String caller) {
        assertThat(Decision.deny(403, "no", identity).caller()).isEqualTo(caller);
    }

    @Test
    void theCallerOfAnAllowAndOfTheUnauthenticatedMode() {
        assertThat(Decision.allow("system:serviceaccount:apps:web").caller()).isEqualTo("apps/web");
        assertThat(new AllowAllAuthorizer().authorize("Bearer token-7f", "models", "gpt").caller())
                .isEqualTo("anonymous");
        assertThat(Decision.deny(401, "token not valid", null).caller()).as("not identified").isNull();
    }
}
