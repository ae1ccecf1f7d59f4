package dev.modelport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayRoutesTest {

    @Test
    void shouldTakeOnlyApplicationJsonWithAnyParameters() {
        assertThat(GatewayRoutes.isJson("application/json")).isTrue();
        assertThat(GatewayRoutes.isJson("application/json; charset=utf-8")).isTrue();
        assertThat(GatewayRoutes.isJson(" Application/JSON ;charset=UTF-8")).isTrue();
        assertThat(GatewayRoutes.isJson(null)).isFalse();
        assertThat(GatewayRoutes.isJson("")).isFalse();
        assertThat(GatewayRoutes.isJson("text/plain")).isFalse();
        assertThat(GatewayRoutes.isJson("text/plain; application/json")).isFalse();
        assertThat(GatewayRoutes.isJson("application/x-www-form-urlencoded")).isFalse();
        assertThat(GatewayRoutes.isJson("multipart/form-data; boundary=application/json")).isFalse();
        assertThat(GatewayRoutes.isJson("application/jsonp")).isFalse();
        assertThat(GatewayRoutes.isJson("application/json-seq")).isFalse();
        assertThat(GatewayRoutes.isJson("application/vnd.api+json")).isFalse();
    }
}
