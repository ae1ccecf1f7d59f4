package dev.modelport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    private static final String OPERATOR_HEALTH_CHECK =
            "quarkus.smallrye-health.check.\"io.quarkiverse.operatorsdk.runtime.OperatorHealthCheck\".enabled";

    @Test
    void shouldRunEachRoleInItsProfileAndEveryOtherCommandInTheOfflineOne() {
        assertThat(Main.profile("operator")).isEqualTo("operator");
        assertThat(Main.profile("gateway")).isEqualTo("gateway");
        assertThat(Main.profile("local", "--port", "9090")).isEqualTo("local");
        assertThat(Main.profile("validate", "-f", "samples")).isEqualTo("cli");
        assertThat(Main.profile("test", "-f", "model.yaml")).isEqualTo("cli");
        assertThat(Main.profile("validate", "gateway")).isEqualTo("cli");
        assertThat(Main.profile("kubectl", "test", "support")).isEqualTo("cli");
        assertThat(Main.profile("--help")).isEqualTo("cli");
        assertThat(Main.profile()).isEqualTo("cli");
    }

    @Test
    void shouldKeepAProfileGivenByPropertyOrEnvironmentAfterTheRolesSoThatItsSettingsWin() {
        String[] gateway = {"gateway"};
        assertThat(Main.profiles(gateway, null, null)).isEqualTo("gateway");
        assertThat(Main.profiles(gateway, "", " ")).isEqualTo("gateway");
        assertThat(Main.profiles(gateway, "staging", null)).isEqualTo("gateway,staging");
        assertThat(Main.profiles(gateway, null, "staging")).isEqualTo("gateway,staging");
        assertThat(Main.profiles(gateway, "staging", "ignored")).isEqualTo("gateway,staging");
    }

    @Test
    void shouldPrepareTheEmbeddedApiServerOnlyForTheLocalCommand() {
        assertThat(Main.isLocal("local")).isTrue();
        assertThat(Main.isLocal("validate", "local")).isFalse();
        assertThat(Main.isLocal()).isFalse();
    }

    @Test
    void shouldListenOnHttpOnlyForTheRoles() throws IOException {
        assertThat(config("cli").getOptionalValue("quarkus.http.host-enabled", Boolean.class)).contains(false);
        for (String role : List.of("operator", "gateway", "local")) {
            assertThat(config(role).getOptionalValue("quarkus.http.host-enabled", Boolean.class)).as(role)
                    .isEmpty();
        }
    }

    @Test
    void shouldServeTheGatewayInTheGatewayAndLocalRolesOnly() throws IOException {
        assertThat(gatewayEnabled("gateway")).isTrue();
        assertThat(gatewayEnabled("local")).isTrue();
        assertThat(gatewayEnabled("operator")).isFalse();
        assertThat(gatewayEnabled("cli")).isFalse();
        assertThat(config("gateway").getOptionalValue(OPERATOR_HEALTH_CHECK, Boolean.class))
                .as("the gateway never starts the operator, whose readiness check would keep it unready")
                .contains(false);
        assertThat(config("local").getOptionalValue(OPERATOR_HEALTH_CHECK, Boolean.class)).isEmpty();
    }

    @Test
    void shouldRunLocalModeOnLoopbackWithoutCallerAuthorization() throws IOException {
        SmallRyeConfig local = config("local");
        assertThat(local.getValue("quarkus.http.host", String.class)).isEqualTo("127.0.0.1");
        assertThat(local.getValue("modelport.gateway.auth", String.class)).isEqualTo("none");
        assertThat(local.getValue("modelport.upstream.allow-loopback", Boolean.class)).isTrue();
        assertThat(config("gateway").getOptionalValue("modelport.gateway.auth", String.class))
                .as("the gateway role keeps its default, kubernetes").isEmpty();
    }

    private static boolean gatewayEnabled(String profile) throws IOException {
        return config(profile).getOptionalValue("modelport.gateway.enabled", Boolean.class).orElse(false);
    }

    /** The application's own configuration in the given profile, as Quarkus reads application.properties. */
    private static SmallRyeConfig config(String profile) throws IOException {
        return new SmallRyeConfigBuilder().withProfile(profile).addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(Main.class.getResource("/application.properties"), 250))
                .build();
    }
}
