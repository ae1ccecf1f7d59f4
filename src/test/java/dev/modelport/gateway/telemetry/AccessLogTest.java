package dev.modelport.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The access log's line, field by field, written once per request, and nothing at all built while it is off. */
class AccessLogTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-02T10:15:30.500Z");

    private LogCapture capture;

    @BeforeEach
    void capture() {
        capture = LogCapture.of(AccessLog.CATEGORY);
    }

    @AfterEach
    void release() {
        capture.close();
    }

    private List<String> lines() {
        return capture.lines().stream().map(LogCapture.Line::message).toList();
    }

    private static GatewayMetrics metrics(AccessLog log) {
        return new GatewayMetrics(new SimpleMeterRegistry(), new CallerLabels(1), log);
    }

    private JsonNode onlyLine() throws Exception {
        assertThat(lines()).hasSize(1);
        return MAPPER.readTree(lines().getFirst());
    }

    @Test
    void shouldWriteOneLineWithWhatTheRequestDidWhenItEnds() throws Exception {
        RequestMetrics request = metrics(new AccessLog(true, Clock.fixed(NOW, ZoneOffset.UTC)))
                .start("chat", "POST", "/v1/chat/completions");
        request.caller("team-a/app");
        request.model("team-a", "gpt");
        request.upstreamAttempt(System.nanoTime(), 200);
        request.answeredBy("team-a/gpt");
        request.tokens(TokenUsage.of(12L, null));
        assertThat(lines()).as("nothing before the end").isEmpty();

        request.end(GatewayMetrics.SUCCESS, 200);
        request.end("ignored", 500);

        JsonNode line = onlyLine();
        assertThat(line.properties()).extracting(entry -> entry.getKey()).containsExactly("time", "caller",
                "method", "route", "model", "answeredBy", "fallbacks", "status", "upstreamStatus", "attempts",
                "retries", "durationMs", "upstreamMs", "firstTokenMs", "inputTokens", "outputTokens", "error");
        assertThat(Instant.parse(line.path("time").asText())).as("the start: the end less the duration")
                .isBeforeOrEqualTo(NOW).isAfter(NOW.minusSeconds(5));
        assertThat(line.path("caller").asText()).isEqualTo("team-a/app");
        assertThat(line.path("method").asText()).isEqualTo("POST");
        assertThat(line.path("route").asText()).isEqualTo("/v1/chat/completions");
        assertThat(line.path("model").asText()).isEqualTo("team-a/gpt");
        assertThat(line.path("answeredBy").asText()).isEqualTo("team-a/gpt");
        assertThat(line.path("fallbacks").asInt()).isZero();
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("upstreamStatus").asInt()).isEqualTo(200);
        assertThat(line.path("attempts").asInt()).isEqualTo(1);
        assertThat(line.path("retries").asInt()).isZero();
        assertThat(line.path("durationMs").isNumber()).isTrue();
        assertThat(line.path("upstreamMs").decimalValue()).isLessThanOrEqualTo(line.path("durationMs")
                .decimalValue());
        assertThat(line.path("firstTokenMs").isNull()).as("not streamed").isTrue();
        assertThat(line.path("inputTokens").asLong()).isEqualTo(12);
        assertThat(line.path("outputTokens").isNull()).as("an unknown count is not a zero").isTrue();
        assertThat(line.path("error").isNull()).isTrue();
    }

    @Test
    void shouldCountRetriesPerModelAndTheFallbacksTried() throws Exception {
        RequestMetrics request = metrics(new AccessLog(true, Clock.systemUTC()))
                .start("invoke", "POST", "/api/v1/namespaces/:ns/externalmodels/:name/invoke");
        request.caller("team-a/app");
        request.model("team-a", "primary");
        request.upstreamAttempt(System.nanoTime(), 503);
        request.upstreamAttempt(System.nanoTime(), 0);
        request.fallbackTried();
        request.upstreamAttempt(System.nanoTime(), 500);
        request.fallbackTried();
        request.upstreamAttempt(System.nanoTime(), 429);
        request.upstreamAttempt(System.nanoTime(), 201);
        request.answeredBy("team-a/second");
        request.contentWritten();

        request.end(GatewayMetrics.SUCCESS, 200);

        JsonNode line = onlyLine();
        assertThat(line.path("model").asText()).as("the model named").isEqualTo("team-a/primary");
        assertThat(line.path("answeredBy").asText()).isEqualTo("team-a/second");
        assertThat(line.path("fallbacks").asInt()).isEqualTo(2);
        assertThat(line.path("attempts").asInt()).isEqualTo(5);
        assertThat(line.path("retries").asInt()).as("one of the primary, one of the second fallback").isEqualTo(2);
        assertThat(line.path("upstreamStatus").asInt()).as("the last attempt's").isEqualTo(201);
        assertThat(line.path("firstTokenMs").isNumber()).isTrue();
    }

    @Test
    void shouldLeaveOutWhatARefusedRequestNeverHad() throws Exception {
        metrics(new AccessLog(true, Clock.systemUTC())).start("chat", "PUT", "/v1/chat/completions")
                .end("method_not_allowed", 405);

        JsonNode line = onlyLine();
        for (String absent : new String[] {"caller", "model", "answeredBy", "upstreamStatus", "upstreamMs",
                "firstTokenMs", "inputTokens", "outputTokens"}) {
            assertThat(line.path(absent).isNull()).as(absent).isTrue();
        }
        assertThat(line.path("status").asInt()).isEqualTo(405);
        assertThat(line.path("error").asText()).isEqualTo("method_not_allowed");
        assertThat(line.path("attempts").asInt()).isZero();
    }

    @Test
    void shouldBuildNothingWhileOff() {
        Clock untouchable = new Clock() {
            @Override
            public ZoneId getZone() {
                throw new AssertionError("a line was built");
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new AssertionError("a line was built");
            }

            @Override
            public Instant instant() {
                throw new AssertionError("a line was built");
            }
        };
        RequestMetrics request = metrics(new AccessLog(false, untouchable)).start("chat", "POST",
                "/v1/chat/completions");
        request.caller("team-a/app");
        request.model("team-a", "gpt");
        request.upstreamAttempt(System.nanoTime(), 500);

        request.end("UpstreamError", 502);

        assertThat(lines()).isEmpty();
    }

    @Test
    void shouldWriteDurationsInMillisecondsToTheMicrosecondNeverAsAnExponent() throws Exception {
        RequestMetrics request = metrics(new AccessLog(true, Clock.systemUTC())).start("models", "GET",
                "/v1/models");
        request.end(GatewayMetrics.SUCCESS, 200);

        String duration = lines().getFirst().replaceAll(".*\"durationMs\":([^,]*),.*", "$1");
        assertThat(duration).matches("\\d+\\.\\d{3}");
    }
}
