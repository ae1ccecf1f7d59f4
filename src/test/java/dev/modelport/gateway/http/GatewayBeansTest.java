package dev.modelport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.gateway.GatewaySettings;
import dev.modelport.gateway.auth.AuthSettings;
import dev.modelport.testing.TestGatewaySettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code modelport.gateway.auth} and {@code modelport.gateway.audiences} become the authorizer's settings. */
class GatewayBeansTest {

    private static GatewaySettings settings(String auth, Optional<List<String>> audiences) {
        return new TestGatewaySettings(true, auth, audiences, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(60));
    }

    @Test
    void shouldCheckTokensForTheConfiguredAudiences() {
        AuthSettings auth = GatewayBeans.authSettings(
                settings("kubernetes", Optional.of(List.of("modelport-gateway", "modelport"))));

        assertThat(auth.mode()).isEqualTo(AuthSettings.Mode.KUBERNETES);
        assertThat(auth.audiences()).containsExactly("modelport-gateway", "modelport");
    }

    @Test
    void shouldLeaveTheAudiencesToTheApiServerWhenUnset() {
        AuthSettings auth = GatewayBeans.authSettings(settings("none", Optional.empty()));

        assertThat(auth.mode()).isEqualTo(AuthSettings.Mode.NONE);
        assertThat(auth.audiences()).isEmpty();
    }

    @Test
    void shouldRefuseAMisspeltMode() {
        assertThatThrownBy(() -> GatewayBeans.authSettings(settings("kubernets", Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kubernets");
    }
}
