package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.ProviderError;
import dev.modelport.gateway.chat.Responses;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a caller is told of an endpoint's error status. */
class GatewayExceptionTest {

    static final ProviderError CONTEXT = new ProviderError("invalid_request_error", "context_length_exceeded",
            "This model's maximum context length is 128000 tokens.");

    static GatewayException status(int status, Duration retryAfter, ProviderError error) {
        return GatewayException.of(AdapterException.httpStatus(status, retryAfter, error));
    }

    static String body(GatewayException e) {
        return Responses.error(e).toString();
    }

    @Test
    void shouldPassOnA4xxWithItsStatusAndTheEndpointsErrorObject() {
        for (int status : new int[] {400, 404, 409, 413, 422}) {
            GatewayException e = status(status, null, CONTEXT);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).as("the outcome the metrics count").isEqualTo("HTTPStatus");
            assertThat(body(e)).isEqualTo("{\"error\":{\"message\":\"This model's maximum context length is 128000 "
                    + "tokens.\",\"type\":\"invalid_request_error\",\"param\":null,"
                    + "\"code\":\"context_length_exceeded\"}}");
        }
    }

    @Test
    void shouldKeepTheGatewaysOwnPartsWhereTheEndpointHasNone() {
        assertThat(body(status(400, null, new ProviderError("invalid_request_error", null, "max_tokens: required"))))
                .isEqualTo("{\"error\":{\"message\":\"max_tokens: required\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":\"HTTPStatus\"}}");
        GatewayException bare = status(413, null, null);
        assertThat(bare.status()).isEqualTo(413);
        assertThat(body(bare)).isEqualTo("{\"error\":{\"message\":\"endpoint answered HTTP 413\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"HTTPStatus\"}}");
    }

    @Test
    void shouldPassOnARateLimitWithItsRetryAfterAndErrorObject() {
        GatewayException quota = status(429, Duration.ofSeconds(7), new ProviderError("insufficient_quota",
                "insufficient_quota", "You exceeded your current quota."));
        assertThat(quota.status()).isEqualTo(429);
        assertThat(quota.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(quota.code()).isEqualTo("rate_limit_exceeded");
        assertThat(body(quota)).isEqualTo("{\"error\":{\"message\":\"You exceeded your current quota.\","
                + "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}");
        assertThat(body(status(429, null, null))).isEqualTo("{\"error\":{\"message\":\"endpoint answered HTTP 429\","
                + "\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
    }

    @Test
    void shouldAnswer502WithoutDetailsWhenTheEndpointRefusedItsCredentialsOrFailedItself() {
        for (int status : new int[] {401, 403, 407, 500, 502, 503, 302}) {
            GatewayException e = status(status, Duration.ofSeconds(3), CONTEXT);
            assertThat(e.status()).as("HTTP %d", status).isEqualTo(502);
            assertThat(e.retryAfter()).isNull();
            assertThat(e.upstream()).isNull();
            assertThat(body(e)).isEqualTo("{\"error\":{\"message\":\"endpoint answered HTTP " + status + "\","
                    + "\"type\":\"upstream_error\",\"param\":null,\"code\":\"HTTPStatus\"}}");
        }
    }
}
