package dev.modelport.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.gateway.EventStream;
import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.GatewayRequest;
import dev.modelport.gateway.auth.CallerAuthorizer;
import dev.modelport.gateway.auth.Decision;
import dev.modelport.gateway.models.ModelRegistry;
import dev.modelport.gateway.models.ModelSelection;
import dev.modelport.gateway.models.ServedModel;
import dev.modelport.gateway.resilience.ResilienceMetrics;
import dev.modelport.gateway.resilience.TestGuards;
import dev.modelport.gateway.telemetry.AccessLog;
import dev.modelport.gateway.telemetry.CallerLabels;
import dev.modelport.gateway.telemetry.GatewayMetrics;
import dev.modelport.gateway.telemetry.RequestMetrics;
import dev.modelport.tracing.RequestTrace;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which model answers: the one named, or its fallbacks in order, and only while nothing went to the caller. */
class ResilientCallsTest {

    static final AdapterException UNAVAILABLE = AdapterException.httpStatus(503, null, null);
    static final ModelSelection PRIMARY = new ModelSelection("team-a", "primary");

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The served models, by name. */
    final Map<String, ServedModel> served = new HashMap<>();
    /** Models that ask to be served but are not, by name. */
    final Map<String, ExternalModelSpec> unservable = new HashMap<>();
    /** What each model does when called: answers its name, or throws. */
    final Map<String, AdapterException> failures = new HashMap<>();
    final Set<String> denied = new java.util.HashSet<>();
    final List<String> called = new ArrayList<>();
    final List<String> answeredBy = new ArrayList<>();

    final ModelRegistry registry = new ModelRegistry(null, null, null, null) {
        @Override
        public Optional<ServedModel> find(String namespace, String name) {
            return Optional.ofNullable(served.get(name));
        }

        @Override
        public Optional<ExternalModelSpec> requested(String namespace, String name) {
            return Optional.ofNullable(served.containsKey(name) ? served.get(name).spec() : unservable.get(name));
        }

        @Override
        public Optional<FailureCategory> credentialsFailure(String namespace, String name) {
            return Optional.empty();
        }
    };

    final ModelCalls calls = new ModelCalls(null, null) {
        @Override
        public ModelResponse call(ServedModel model, Invocation invocation, Duration timeout,
                RequestMetrics observed, RequestTrace trace, Context eventLoop) throws AdapterException {
            called.add(model.name());
            if (failures.containsKey(model.name())) {
                throw failures.get(model.name());
            }
            return new ModelResponse("from " + model.name(), TokenUsage.UNKNOWN, "stop", List.of());
        }

        /** Streams one text event, then fails when the model has a failure (so: after its first event). */
        @Override
        public void stream(ServedModel model, Invocation invocation, Consumer<StreamEvent> sink, EventStream caller,
                Runnable callerGone, Duration timeout, RequestMetrics observed, RequestTrace trace)
                throws AdapterException {
            called.add(model.name());
            AdapterException failure = failures.get(model.name());
            if (failure != null && model.name().startsWith("before-")) {
                throw failure;
            }
            sink.accept(new StreamEvent.TextDelta("from " + model.name()));
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public Optional<InetAddress> addressNow(ServedModel model) {
            return blockingOnly.contains(model.name()) ? Optional.empty()
                    : Optional.of(InetAddress.getLoopbackAddress());
        }

        @Override
        public CompletableFuture<ModelResponse> callNow(ServedModel model, InetAddress address, Invocation invocation,
                Duration timeout, RequestMetrics observed, RequestTrace trace, Context eventLoop) {
            threads.add(Thread.currentThread().getName());
            try {
                return CompletableFuture.completedFuture(call(model, invocation, timeout, observed, trace, eventLoop));
            } catch (AdapterException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletableFuture<Void> streamNow(ServedModel model, InetAddress address, Invocation invocation,
                Consumer<StreamEvent> sink, EventStream caller, Runnable callerGone, Duration timeout,
                RequestMetrics observed, RequestTrace trace) {
            try {
                stream(model, invocation, sink, caller, callerGone, timeout, observed, trace);
                return CompletableFuture.completedFuture(null);
            } catch (AdapterException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    };

    /** Models whose endpoint cannot be called without blocking first, by name. */
    final Set<String> blockingOnly = new java.util.HashSet<>();
    /** Fallbacks the caller's right to is not known without asking the API server, by name. */
    final Set<String> undecided = new java.util.HashSet<>();
    /** The threads the calls on the event loop's path ran on. */
    final List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Decides every caller at once, as an authorizer whose decisions are cached, but the undecided ones. */
    final CallerAuthorizer authorizer = new CallerAuthorizer() {
        @Override
        public Decision authorize(String header, String namespace, String name) {
            return denied.contains(name) ? Decision.deny(403, "no", "caller") : Decision.allow("caller");
        }

        @Override
        public Optional<Decision> decided(String header, String namespace, String name) {
            return undecided.contains(name) ? Optional.empty() : Optional.of(authorize(header, namespace, name));
        }
    };

    ResilientCalls resilient() {
        return new ResilientCalls(registry, calls, TestGuards.of(meters, Clock.systemUTC()), authorizer,
                new ResilienceMetrics(meters));
    }

    void serve(String name, String inference) {
        served.put(name, new ServedModel("team-a", name, 0, spec(inference), null));
    }

    static ExternalModelSpec spec(String inference) {
        return Serialization.unmarshal("""
                endpoint: https://models.example.com/v1
                inference: %s
                """.formatted(inference), ExternalModelSpec.class);
    }

    GatewayRequest request() {
        return request(null);
    }

    GatewayRequest request(Context eventLoop) {
        return new GatewayRequest(null, "Bearer caller", "{}".getBytes(StandardCharsets.UTF_8), "application/json",
                Map.of(),
                new GatewayMetrics(meters, new CallerLabels(100), new AccessLog(false, Clock.systemUTC()))
                        .start("chat", "POST", "/v1/chat/completions"), answeredBy::add, RequestTrace.OFF, eventLoop);
    }

    static Invocation invocation() {
        return Invocation.of("hi");
    }

    double fallbacks(String fallback) {
        var counter = meters.find("modelport_gateway_fallbacks_total").tags("model", "primary", "fallback", fallback)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldAnswerWithTheFirstFallbackThatCanWhenTheModelIsUnavailable() throws Exception {
        serve("primary", "{enabled: true, fallbacks: [denied, absent, second, third]}");
        serve("denied", "{enabled: true}");
        serve("second", "{enabled: true}");
        serve("third", "{enabled: true}");
        denied.add("denied");
        failures.put("primary", UNAVAILABLE);
        failures.put("second", new AdapterException(FailureCategory.Timeout, "no answer from h in time"));

        ResilientCalls.Answer answer = resilient().call(request(), PRIMARY, invocation());

        assertThat(answer.model().name()).isEqualTo("third");
        assertThat(answer.response().output()).isEqualTo("from third");
        assertThat(answeredBy).containsExactly("team-a/third");
        assertThat(called).as("a fallback the caller may not invoke, or that is not served, is skipped")
                .containsExactly("primary", "second", "third");
        assertThat(fallbacks("second")).isEqualTo(1);
        assertThat(fallbacks("third")).isEqualTo(1);
        assertThat(fallbacks("denied")).isZero();
    }

    @Test
    void shouldNotHandOverAFailureThatIsTheRequestsOwn() {
        serve("primary", "{enabled: true, fallbacks: [backup]}");
        serve("backup", "{enabled: true}");
        failures.put("primary", AdapterException.httpStatus(400, null, null));

        assertThatThrownBy(() -> resilient().call(request(), PRIMARY, invocation()))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(called).containsExactly("primary");
        assertThat(answeredBy).isEmpty();
    }

    @Test
    void shouldAnswerTheLastFailureWhenNoModelCanAndNeverFollowAFallbacksOwnFallbacks() {
        serve("primary", "{enabled: true, fallbacks: [backup]}");
        serve("backup", "{enabled: true, fallbacks: [other]}");
        serve("other", "{enabled: true}");
        failures.put("primary", UNAVAILABLE);
        failures.put("backup", new AdapterException(FailureCategory.Timeout, "no answer from h in time"));

        assertThatThrownBy(() -> resilient().call(request(), PRIMARY, invocation()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.code()).isEqualTo("Timeout");
                });
        assertThat(called).containsExactly("primary", "backup");
    }

    @Test
    void shouldHandAModelThatAsksToBeServedButIsNotToItsFallbacks() throws Exception {
        unservable.put("primary", spec("{enabled: true, fallbacks: [backup]}"));
        serve("backup", "{enabled: true}");

        assertThat(resilient().call(request(), PRIMARY, invocation()).model().name()).isEqualTo("backup");
        assertThat(called).containsExactly("backup");

        unservable.clear();
        assertThatThrownBy(() -> resilient().call(request(), PRIMARY, invocation()))
                .as("a model that is not there (or switched off) is not found, whatever it named")
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void shouldHandOverWhileTheModelsCircuitIsOpen() throws Exception {
        serve("primary", "{enabled: true, circuitBreaker: {consecutiveFailures: 1}, fallbacks: [backup]}");
        serve("backup", "{enabled: true}");
        failures.put("primary", UNAVAILABLE);
        ResilientCalls resilient = resilient();
        resilient.call(request(), PRIMARY, invocation());
        called.clear();

        assertThat(resilient.call(request(), PRIMARY, invocation()).model().name()).isEqualTo("backup");
        assertThat(called).as("the open circuit calls nothing").containsExactly("backup");
    }

    /** Two models that fail (before and after their first event) with the same fallback, which answers. */
    void serveStreamsFailingBeforeAndAfterTheirFirstEvent() {
        serve("before-fail", "{enabled: true, fallbacks: [backup]}");
        serve("after-fail", "{enabled: true, fallbacks: [backup]}");
        serve("backup", "{enabled: true}");
        failures.put("before-fail", UNAVAILABLE);
        failures.put("after-fail", UNAVAILABLE);
    }

    @Test
    void shouldStreamFromAFallbackOnlyWhileNothingWentToTheCaller() throws Exception {
        serveStreamsFailingBeforeAndAfterTheirFirstEvent();
        List<String> events = new ArrayList<>();
        List<String> models = new ArrayList<>();

        resilient().stream(request(), new ModelSelection("team-a", "before-fail"), invocation(),
                event -> events.add(((StreamEvent.TextDelta) event).text()), m -> models.add(m.name()), null);
        assertThat(events).containsExactly("from backup");
        assertThat(models).containsExactly("backup");
        assertThat(answeredBy).containsExactly("team-a/backup");

        called.clear();
        assertThatThrownBy(() -> resilient().stream(request(), new ModelSelection("team-a", "after-fail"),
                invocation(), event -> events.add(((StreamEvent.TextDelta) event).text()), m -> models.add(m.name()),
                null)).isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThat(called).as("no fallback after the first event").containsExactly("after-fail");
        assertThat(events).endsWith("from after-fail");
    }

    @Test
    void shouldAnswerOnTheEventLoopOnlyWhenEveryModelAndTheCallersRightToEachFallbackAreKnownNow() {
        serve("primary", "{enabled: true, fallbacks: [denied, absent, backup]}");
        serve("denied", "{enabled: true}");
        serve("backup", "{enabled: true}");
        denied.add("denied");
        assertThat(resilient().now(request(), PRIMARY)).as("a denied or absent fallback is skipped").isPresent();

        undecided.add("denied");
        assertThat(resilient().now(request(), PRIMARY)).as("the right to a fallback is not known yet").isEmpty();
        undecided.clear();
        blockingOnly.add("backup");
        assertThat(resilient().now(request(), PRIMARY)).as("a fallback's endpoint needs a lookup").isEmpty();
        blockingOnly.add("primary");
        served.remove("backup");
        assertThat(resilient().now(request(), PRIMARY)).isEmpty();
        served.remove("primary");
        assertThat(resilient().now(request(), PRIMARY)).as("a model not served is refused on the blocking path")
                .isEmpty();
    }

    @Test
    void shouldRetryAndFallBackOnTheEventLoopWithoutBlockingIt() throws Exception {
        serve("primary", "{enabled: true, retry: {attempts: 1, backoff: {initial: 1ms}}, fallbacks: [backup]}");
        serve("backup", "{enabled: true}");
        failures.put("primary", UNAVAILABLE);
        Vertx vertx = Vertx.vertx();
        try {
            Context eventLoop = vertx.getOrCreateContext();
            ResilientCalls resilient = resilient();
            GatewayRequest request = request(eventLoop);
            CompletableFuture<ResilientCalls.Answer> answer = new CompletableFuture<>();
            eventLoop.runOnContext(ignored -> resilient.callNow(request, resilient.now(request, PRIMARY).orElseThrow(),
                    invocation()).whenComplete((done, failed) -> {
                        if (failed != null) {
                            answer.completeExceptionally(failed);
                        } else {
                            answer.complete(done);
                        }
                    }));

            assertThat(answer.get(5, TimeUnit.SECONDS).model().name()).isEqualTo("backup");
            assertThat(called).as("the retry, then the fallback").containsExactly("primary", "primary", "backup");
            assertThat(threads).as("every attempt on the event loop, the retry after its timer too").hasSize(3)
                    .allSatisfy(thread -> assertThat(thread).startsWith("vert.x-eventloop-thread"));
            assertThat(answeredBy).containsExactly("team-a/backup");
            assertThat(fallbacks("backup")).isEqualTo(1);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldStreamOnTheEventLoopFromAFallbackOnlyWhileNothingWentToTheCaller() throws Exception {
        serveStreamsFailingBeforeAndAfterTheirFirstEvent();
        List<String> events = new ArrayList<>();
        ResilientCalls resilient = resilient();
        ModelSelection beforeFail = new ModelSelection("team-a", "before-fail");
        ModelSelection afterFail = new ModelSelection("team-a", "after-fail");

        assertThat(resilient.streamNow(request(), resilient.now(request(), beforeFail).orElseThrow(), invocation(),
                event -> events.add(((StreamEvent.TextDelta) event).text()), m -> { }, null)).isDone();
        assertThat(events).containsExactly("from backup");
        assertThat(answeredBy).containsExactly("team-a/backup");

        called.clear();
        assertThat(resilient.streamNow(request(), resilient.now(request(), afterFail).orElseThrow(), invocation(),
                event -> events.add(((StreamEvent.TextDelta) event).text()), m -> { }, null))
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThat(called).as("no fallback after the first event").containsExactly("after-fail");
    }
}
