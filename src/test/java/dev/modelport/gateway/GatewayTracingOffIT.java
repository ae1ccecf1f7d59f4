package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.tracing.RequestTrace;
import dev.modelport.tracing.Tracing;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Tracing as the gateway runs by default, off: no tracer, no Vert.x tracing or metrics on the request path, and
 * nothing of the caller's trace context passed upstream.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayTracingOffIT extends GatewayTestBase {

    @Inject
    Tracing tracing;

    @Inject
    Vertx vertx;

    @Test
    void shouldCostTheRequestPathNothingAndForwardNoTraceContextWhenOff() throws Exception {
        assertThat(tracing.request(null, "/v1/chat/completions")).as("the request not even read")
                .isSameAs(RequestTrace.OFF);
        assertThat(((VertxInternal) vertx).tracer()).as("Vert.x's tracer").isNull();
        assertThat(vertx.isMetricsEnabled()).as("Vert.x's metrics").isFalse();

        secret("t-off", TOKEN);
        serve("t-off", provider("gpt", "OpenAIChatCompletions", "/openai"), Phase.InferenceEnabled);
        awaitServed("t-off", "gpt");
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "v1/chat/completions")
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .post(RequestBody.create("{\"model\": \"t-off/gpt\", \"messages\": [{\"role\": \"user\", "
                        + "\"content\": \"Hi\"}]}", MediaType.get("application/json"))).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(header(upstream.last("/openai"), "traceparent")).isNull();
    }
}
