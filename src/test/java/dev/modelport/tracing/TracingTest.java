package dev.modelport.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.testing.InMemoryTracing;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The spans of a gateway request and its upstream calls, exported to memory, and what tracing off makes: nothing. */
class TracingTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";
    private static final String CANARY = "upstream-said-3f9";

    private final InMemoryTracing memory = new InMemoryTracing();
    private final Tracing tracing = memory.tracing();

    @AfterEach
    void close() {
        memory.close();
    }

    static ExternalModelSpec spec(String configuration) {
        return Serialization.unmarshal("""
                endpoint: https://llm.example.com/v1/chat?key=%s
                configuration: %s
                """.formatted(CANARY, configuration), ExternalModelSpec.class);
    }

    static final ExternalModelSpec OPENAI = spec("{provider: {api: OpenAIChatCompletions, model: gpt-4o-mini}}");
    static final ExternalModelSpec ANTHROPIC = spec("{provider: {api: AnthropicMessages, model: claude-x}}");
    static final ExternalModelSpec CUSTOM = spec("{custom: {body: '{\"q\": \"{{prompt}}\"}'}}");

    @Test
    void shouldMakeNoSpanAndReadNothingOfTheRequestWhenOff() {
        // Off, the request is not even looked at: no header is read and no span name is built.
        assertThat(new Tracing(OpenTelemetry.noop(), true).request(null, "/v1/chat/completions"))
                .isSameAs(RequestTrace.OFF);
        RequestTrace trace = Tracing.OFF.request(null, "/v1/chat/completions");
        assertThat(trace).isSameAs(RequestTrace.OFF);
        UpstreamTrace attempt = trace.attempt("team-a", "support", OPENAI);
        assertThat(attempt).isSameAs(UpstreamTrace.OFF);
        assertThat(attempt.traceparent()).isNull();
        Consumer<StreamEvent> sink = event -> { };
        assertThat(attempt.observing(sink)).as("the sink itself, no wrapper").isSameAs(sink);
        assertThat(Tracing.OFF.test("team-a", "support", OPENAI)).isSameAs(UpstreamTrace.OFF);
    }

    @Test
    void shouldContinueTheCallersTraceAndBeTheParentOfTheUpstreamCall() {
        RequestTrace trace = tracing.request("POST", "/v1/chat/completions", "00-" + TRACE_ID + "-" + CALLER_SPAN
                + "-01");
        trace.requested("team-a", "support");
        UpstreamTrace attempt = trace.attempt("team-a", "support", OPENAI);
        String traceparent = attempt.traceparent();
        attempt.status(200);
        attempt.answered(new ModelResponse(CANARY, TokenUsage.of(7L, 2L), "length", List.of(), "gpt-4o-mini-2024"));
        attempt.end();
        trace.end(200, null);

        SpanData client = span(SpanKind.CLIENT);
        SpanData server = span(SpanKind.SERVER);
        assertThat(server.getName()).isEqualTo("POST /v1/chat/completions");
        assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(client.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(traceparent).isEqualTo("00-" + TRACE_ID + "-" + client.getSpanId() + "-01");

        assertThat(client.getName()).isEqualTo("chat gpt-4o-mini");
        assertThat(attribute(client, "gen_ai.operation.name")).isEqualTo("chat");
        assertThat(attribute(client, "gen_ai.provider.name")).isEqualTo("openai");
        assertThat(attribute(client, "gen_ai.system")).isEqualTo("openai");
        assertThat(attribute(client, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
        assertThat(attribute(client, "gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024");
        assertThat(attribute(client, "gen_ai.usage.input_tokens")).isEqualTo(7L);
        assertThat(attribute(client, "gen_ai.usage.output_tokens")).isEqualTo(2L);
        assertThat(attribute(client, "gen_ai.response.finish_reasons")).isEqualTo(List.of("length"));
        assertThat(attribute(client, "modelport.model.namespace")).isEqualTo("team-a");
        assertThat(attribute(client, "modelport.model.name")).isEqualTo("support");
        assertThat(attribute(client, "http.response.status_code")).isEqualTo(200L);
        assertThat(attribute(client, "server.address")).isEqualTo("llm.example.com");
        assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        assertThat(attribute(server, "http.request.method")).isEqualTo("POST");
        assertThat(attribute(server, "http.route")).isEqualTo("/v1/chat/completions");
        assertThat(attribute(server, "http.response.status_code")).isEqualTo(200L);
        assertThat(attribute(server, "gen_ai.operation.name")).isEqualTo("chat");
        assertThat(attribute(server, "gen_ai.request.model")).isEqualTo("team-a/support");
        assertThat(attribute(server, "gen_ai.response.model")).isEqualTo("team-a/support");
        assertThat(attribute(server, "gen_ai.provider.name")).isEqualTo("openai");
        assertThat(attribute(server, "gen_ai.usage.input_tokens")).isEqualTo(7L);
        assertThat(attribute(server, "gen_ai.usage.output_tokens")).isEqualTo(2L);
        assertThat(attribute(server, "gen_ai.response.finish_reasons")).isEqualTo(List.of("length"));
        assertThat(attribute(server, "error.type")).isNull();
        assertNothingOf(CANARY);
    }

    @Test
    void shouldNameTheImageAndTranscriptionRoutesGenerateContent() {
        for (String route : List.of("/v1/images/generations", "/v1/audio/transcriptions")) {
            RequestTrace trace = tracing.request("POST", route, null);
            trace.requested("team-a", "painter");
            UpstreamTrace attempt = trace.attempt("team-a", "painter", OPENAI);
            attempt.status(200);
            attempt.end();
            trace.end(200, null);
        }

        assertThat(memory.spans()).hasSize(4).allSatisfy(span -> assertThat(attribute(span, "gen_ai.operation.name"))
                .isEqualTo("generate_content"));
        assertThat(memory.spans()).filteredOn(span -> span.getKind() == SpanKind.CLIENT)
                .extracting(SpanData::getName).containsOnly("generate_content gpt-4o-mini");
    }

    @Test
    void shouldStartANewTraceForAMissingOrInvalidTraceparentAndReadNoTracestate() {
        tracing.request("GET", "/v1/models", null).end(200, null);
        tracing.request("GET", "/v1/models", "00-" + TRACE_ID + "-0000000000000000-01").end(200, null);

        assertThat(memory.spans()).hasSize(2).allSatisfy(span -> {
            assertThat(span.getParentSpanContext().isValid()).isFalse();
            assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID);
            assertThat(span.getSpanContext().getTraceState().isEmpty()).isTrue();
        });
    }

    @Test
    void shouldFollowTheCallersDecisionNotToSampleAndStillPropagateIt() {
        RequestTrace trace = tracing.request("POST", "/v1/chat/completions", "00-" + TRACE_ID + "-" + CALLER_SPAN
                + "-00");
        UpstreamTrace attempt = trace.attempt("team-a", "support", OPENAI);

        assertThat(attempt.traceparent()).startsWith("00-" + TRACE_ID + "-").endsWith("-00");
        attempt.end();
        trace.end(200, null);
        assertThat(memory.spans()).isEmpty();
    }

    @Test
    void shouldShowEachFailedAttemptAndGiveTheRequestOnlyTheAnswersFacts() {
        RequestTrace trace = tracing.request("POST", "/v1/chat/completions", null);
        trace.requested("team-a", "primary");
        UpstreamTrace failed = trace.attempt("team-a", "primary", ANTHROPIC);
        failed.failed(new AdapterException(FailureCategory.HTTPStatus, "endpoint answered 503: " + CANARY, 503,
                null, null));
        failed.end();
        UpstreamTrace fallback = trace.attempt("team-a", "backup", CUSTOM);
        fallback.status(200);
        fallback.answered(new ModelResponse(CANARY, TokenUsage.of(null, 4L), null));
        fallback.end();
        trace.end(200, null);

        List<SpanData> clients = memory.spans().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
        assertThat(clients).hasSize(2);
        SpanData first = clients.get(0);
        assertThat(first.getName()).isEqualTo("chat claude-x");
        assertThat(attribute(first, "error.type")).isEqualTo("HTTPStatus");
        assertThat(attribute(first, "http.response.status_code")).isEqualTo(503L);
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(first.getStatus().getDescription()).isEmpty();
        assertThat(first.getEvents()).as("no exception event, whose message could hold anything").isEmpty();
        SpanData second = clients.get(1);
        assertThat(second.getName()).as("a custom model names no upstream model").isEqualTo("chat");
        assertThat(attribute(second, "gen_ai.provider.name")).isEqualTo("custom");
        assertThat(attribute(second, "gen_ai.request.model")).isNull();
        assertThat(attribute(second, "modelport.model.name")).isEqualTo("backup");

        SpanData server = span(SpanKind.SERVER);
        assertThat(attribute(server, "gen_ai.request.model")).isEqualTo("team-a/primary");
        assertThat(attribute(server, "modelport.model.name")).isEqualTo("primary");
        assertThat(attribute(server, "gen_ai.response.model")).isEqualTo("team-a/backup");
        assertThat(attribute(server, "gen_ai.provider.name")).isEqualTo("custom");
        assertThat(attribute(server, "gen_ai.usage.input_tokens")).isNull();
        assertThat(attribute(server, "gen_ai.usage.output_tokens")).isEqualTo(4L);
        assertThat(attribute(server, "gen_ai.response.finish_reasons")).isNull();
        assertNothingOf(CANARY);
    }

    @Test
    void shouldMarkTheFirstTokenOfAStreamOnBothSpansOnce() {
        RequestTrace trace = tracing.request("POST", "/v1/chat/completions", null);
        UpstreamTrace attempt = trace.attempt("team-a", "support", ANTHROPIC);
        List<StreamEvent> seen = new ArrayList<>();
        Consumer<StreamEvent> sink = attempt.observing(event -> {
            seen.add(event);
            trace.contentWritten();
        });
        List<StreamEvent> events = List.of(new StreamEvent.Model("claude-x-1"),
                new StreamEvent.Usage(new TokenUsage(12L, null, 3L, null, null)), new StreamEvent.TextDelta(CANARY),
                new StreamEvent.ToolCallDelta(1, "call_1", "lookup", CANARY), new StreamEvent.TextDelta(CANARY),
                new StreamEvent.Finish("max_tokens"), new StreamEvent.Usage(TokenUsage.of(null, 3L)));
        events.forEach(sink);
        attempt.status(200);
        attempt.end();
        trace.end(200, null);

        assertThat(seen).isEqualTo(events);
        SpanData client = span(SpanKind.CLIENT);
        assertThat(client.getEvents()).extracting(EventData::getName).containsExactly("modelport.first_token");
        assertThat(client.getEvents().get(0).getAttributes()
                .get(AttributeKey.doubleKey("modelport.time_to_first_token"))).isPositive();
        assertThat(attribute(client, "gen_ai.response.model")).isEqualTo("claude-x-1");
        assertThat(attribute(client, "gen_ai.usage.input_tokens")).isEqualTo(12L);
        assertThat(attribute(client, "gen_ai.usage.output_tokens")).isEqualTo(3L);
        assertThat(attribute(client, "gen_ai.response.finish_reasons")).isEqualTo(List.of("max_tokens"));
        SpanData server = span(SpanKind.SERVER);
        assertThat(server.getEvents()).extracting(EventData::getName).containsExactly("modelport.first_token");
        assertNothingOf(CANARY);
    }

    @Test
    void shouldGiveTheRequestTheFactsOfAStreamThatBrokeOffAfterItsFirstToken() {
        RequestTrace trace = tracing.request("POST", "/v1/chat/completions", null);
        UpstreamTrace attempt = trace.attempt("team-a", "support", OPENAI);
        Consumer<StreamEvent> sink = attempt.observing(event -> { });
        sink.accept(new StreamEvent.Usage(TokenUsage.of(5L, null)));
        sink.accept(new StreamEvent.TextDelta("part"));
        attempt.failed(new AdapterException(FailureCategory.ConnectionFailed, "connection reset"));
        attempt.end();
        trace.end(200, "ConnectionFailed");

        SpanData server = span(SpanKind.SERVER);
        assertThat(attribute(server, "gen_ai.usage.input_tokens")).isEqualTo(5L);
        assertThat(attribute(server, "error.type")).isEqualTo("ConnectionFailed");
        assertThat(server.getStatus().getStatusCode()).as("a 200 that failed midway").isEqualTo(StatusCode.ERROR);
    }

    @Test
    void shouldMarkTheRequestFailedForA5xxButNotForTheCallersOwnError() {
        tracing.request("POST", "/v1/chat/completions", null).end(404, "model_not_found");
        tracing.request("POST", "/v1/chat/completions", null).end(502, "HTTPStatus");

        assertThat(memory.spans()).extracting(s -> attribute(s, "error.type"))
                .containsExactly("model_not_found", "HTTPStatus");
        assertThat(memory.spans()).extracting(s -> s.getStatus().getStatusCode())
                .containsExactly(StatusCode.UNSET, StatusCode.ERROR);
    }

    @Test
    void shouldTraceAConnectivityTestAsOneRootSpanWithItsOutcome() {
        UpstreamTrace passed = tracing.test("team-a", "support", OPENAI);
        passed.status(200);
        passed.end();
        UpstreamTrace failed = tracing.test("team-a", "support", OPENAI);
        failed.failed(new AdapterException(FailureCategory.Timeout, "no answer in time"));
        failed.end();

        assertThat(memory.spans()).hasSize(2).allSatisfy(span -> {
            assertThat(span.getName()).isEqualTo("connectivity test");
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getParentSpanContext().isValid()).isFalse();
            assertThat(attribute(span, "modelport.model.namespace")).isEqualTo("team-a");
        });
        assertThat(memory.spans()).extracting(s -> attribute(s, "modelport.test.outcome"))
                .containsExactly("Passed", "Timeout");
    }

    private SpanData span(SpanKind kind) {
        List<SpanData> spans = memory.spans().stream().filter(s -> s.getKind() == kind).toList();
        assertThat(spans).as("%s spans", kind).hasSize(1);
        return spans.get(0);
    }

    private static Object attribute(SpanData span, String key) {
        return span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** No span name, attribute, event or status holds the text. */
    private void assertNothingOf(String text) {
        for (SpanData span : memory.spans()) {
            assertThat(span.getName()).doesNotContain(text);
            assertThat(span.getAttributes().asMap().values()).allSatisfy(v -> assertThat(v.toString())
                    .doesNotContain(text));
            assertThat(span.getEvents()).allSatisfy(e -> assertThat(e.getName() + e.getAttributes())
                    .doesNotContain(text));
            assertThat(span.getStatus().getDescription()).doesNotContain(text);
        }
    }
}
