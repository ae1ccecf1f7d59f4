package dev.modelport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void shouldListenOnHttpOnlyForLongRunningRoles() {
        assertThat(Main.servesHttp("operator")).isTrue();
        assertThat(Main.servesHttp("validate", "-f", "samples")).isFalse();
        assertThat(Main.servesHttp("test", "-f", "model.yaml")).isFalse();
        assertThat(Main.servesHttp("--help")).isFalse();
        assertThat(Main.servesHttp()).isFalse();
        assertThat(Main.servesHttp("gateway")).isTrue();
        assertThat(Main.servesHttp("local", "--port", "9090")).isTrue();
    }

    @Test
    void shouldPrepareTheEmbeddedApiServerOnlyForTheLocalCommand() {
        assertThat(Main.isLocal("local")).isTrue();
        assertThat(Main.isLocal("validate", "local")).isFalse();
        assertThat(Main.isLocal()).isFalse();
    }

    @Test
    void shouldEnableTheGatewayRoutesOnlyForTheGatewayCommand() {
        assertThat(Main.isGateway("gateway")).isTrue();
        assertThat(Main.isGateway("operator")).isFalse();
        assertThat(Main.isGateway("validate", "gateway")).isFalse();
        assertThat(Main.isGateway()).isFalse();
    }

    @Test
    void shouldRunOneGatewayEventLoopPerCoreUnlessConfigured() {
        assertThat(Main.gatewayEventLoops(null, null, 1)).contains("1");
        assertThat(Main.gatewayEventLoops(null, null, 4)).contains("4");
        assertThat(Main.gatewayEventLoops("8", null, 1)).isEmpty();
        assertThat(Main.gatewayEventLoops(null, "3", 1)).isEmpty();
    }
}
