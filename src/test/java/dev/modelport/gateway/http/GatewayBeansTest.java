package dev.modelport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.gateway.GatewaySettings;
import dev.modelport.gateway.auth.AuthSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code modelport.gateway.auth} and {@code modelport.gateway.audiences} become the authorizer's settings. */
class GatewayBeansTest {

    private record Settings(String auth, Optional<List<String>> audiences) implements GatewaySettings {

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Optional<List<String>> namespaces() {
            return Optional.empty();
        }

        @Override
        public Duration upstreamTimeout() {
            return Duration.ofSeconds(60);
        }

        @Override
        public Optional<String> replica() {
            return Optional.empty();
        }
    }

    @Test
    void shouldCheckTokensForTheConfiguredAudiences() {
        AuthSettings auth = GatewayBeans.authSettings(
                new Settings("kubernetes", Optional.of(List.of("modelport-gateway", "modelport"))));

        assertThat(auth.mode()).isEqualTo(AuthSettings.Mode.KUBERNETES);
        assertThat(auth.audiences()).containsExactly("modelport-gateway", "modelport");
    }

    @Test
    void shouldLeaveTheAudiencesToTheApiServerWhenUnset() {
        AuthSettings auth = GatewayBeans.authSettings(new Settings("none", Optional.empty()));

        assertThat(auth.mode()).isEqualTo(AuthSettings.Mode.NONE);
        assertThat(auth.audiences()).isEmpty();
    }

    @Test
    void shouldRefuseAMisspeltMode() {
        assertThatThrownBy(() -> GatewayBeans.authSettings(new Settings("kubernets", Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kubernets");
    }
}
