package dev.modelport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.GatewayRequest;
import dev.modelport.gateway.auth.AllowAllAuthorizer;
import dev.modelport.gateway.auth.CallerAuthorizer;
import dev.modelport.gateway.auth.Decision;
import dev.modelport.gateway.chat.ChatBody;
import dev.modelport.gateway.models.ModelRegistry;
import dev.modelport.gateway.models.ServedModel;
import dev.modelport.gateway.telemetry.AccessLog;
import dev.modelport.gateway.telemetry.CallerLabels;
import dev.modelport.gateway.telemetry.GatewayMetrics;
import dev.modelport.tracing.RequestTrace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Authorization comes first: a denied caller gets its status before any model lookup or upstream call. */
class GatewayHandlersTest {

    static final ServedModel ALLOWED = new ServedModel("team-a", "support", 0, null, null);
    static final ServedModel HIDDEN = new ServedModel("team-b", "finance", 0, null, null);

    /** A registry that fails the test if a denied request reaches it; it watches no cluster. */
    static ModelRegistry registry() {
        return new ModelRegistry(null, null, null, null) {
            @Override
            public List<ServedModel> all() {
                return List.of(ALLOWED, HIDDEN);
            }

            @Override
            public Optional<ServedModel> find(String namespace, String name) {
                throw new AssertionError("looked up " + namespace + "/" + name + " before authorization");
            }
        };
    }

    /** Handlers that reach no model: denied requests must stop before calling one. */
    static GatewayHandlers handlers(CallerAuthorizer authorizer) {
        return new GatewayHandlers(registry(), null, null, authorizer, Clock.systemUTC());
    }

    static GatewayHandlers handlers(Decision decision) {
        return handlers((header, namespace, name) -> "team-a".equals(namespace)
                ? Decision.allow("system:serviceaccount:team-a:app") : decision);
    }

    static GatewayRequest request(String body, Map<String, String> pathParams) {
        return request(new SimpleMeterRegistry(), body, pathParams);
    }

    static GatewayRequest request(MeterRegistry meters, String body, Map<String, String> pathParams) {
        GatewayMetrics metrics = new GatewayMetrics(meters, new CallerLabels(100),
                new AccessLog(false, Clock.systemUTC()));
        return new GatewayRequest("127.0.0.1:8080", "Bearer caller", body.getBytes(StandardCharsets.UTF_8),
                "application/json", pathParams, metrics.start("chat", "POST", "/v1/chat/completions"), model -> {
                }, RequestTrace.OFF, null);
    }

    @Test
    void shouldAnswerADenialWithItsStatusBeforeLookingTheModelUp() {
        assertDenied(() -> chat(handlers(Decision.deny(403, "may not invoke team-b/finance", "alice")),
                request("{\"model\": \"team-b/finance\", \"messages\": []}", Map.of())),
                403, "permission_denied", "may not invoke team-b/finance");
        assertDenied(() -> handlers(Decision.deny(401, "invalid token", null)).invoke(request("{}",
                Map.of("ns", "team-b", "name", "finance"))), 401, "unauthenticated", "invalid token");
        assertDenied(() -> chat(handlers(Decision.deny(503, "authorization unavailable", null)),
                request("{\"model\": \"team-b/finance\"}", Map.of())), 503,
                "authorization_unavailable", "authorization unavailable");
        assertDenied(() -> handlers(Decision.deny(403, "may not invoke team-b/finance", "alice"))
                .model(request("", Map.of("id", "team-b/finance"))), 403, "permission_denied",
                "may not invoke team-b/finance");
        assertDenied(() -> handlers(Decision.deny(403, "may not invoke team-b/finance", "alice"))
                .imageGeneration(request("{\"model\": \"team-b/finance\", \"prompt\": \"a fox\"}", Map.of())),
                403, "permission_denied", "may not invoke team-b/finance");
    }

    @Test
    void shouldRefuseAMissingOrMalformedModelBeforeAuthorizingIt() {
        GatewayHandlers handlers = handlers((header, namespace, name) -> {
            throw new AssertionError("authorized " + namespace + "/" + name);
        });
        String messages = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        assertDenied(() -> chat(handlers, request("{" + messages + "}", Map.of())), 400, "InvalidInput",
                "model is required: the <namespace>/<name> of a served model");
        assertDenied(() -> chat(handlers, request("{\"model\": 7, " + messages + "}", Map.of())), 400,
                "InvalidInput", "model must be a string: the <namespace>/<name> of a served model");
        assertDenied(() -> chat(handlers, request("{\"model\": \"team-b/Fin ance\", " + messages + "}",
                Map.of())), 404, "model_not_found", "model team-b/Fin ance does not exist or is not served");
        assertDenied(() -> handlers.invoke(request("{}", Map.of("ns", "team-b", "name", "fin\nance"))), 404,
                "model_not_found", "model team-b/fin ance does not exist or is not served");
    }

    @Test
    void shouldListOnlyTheModelsTheCallerMayUse() {
        JsonNode list = handlers(Decision.deny(403, "no", "alice")).models(request("", Map.of()));
        assertThat(list.path("data").findValuesAsText("id")).containsExactly("team-a/support");
        assertThat(list.at("/data/0/owned_by").asText()).isEqualTo("team-a");
        assertThat(list.at("/data/0/display_name").asText()).as("the name without a spec.displayName")
                .isEqualTo("support");
    }

    @Test
    void shouldCountEachRequestUnderTheCallerAuthorizationIdentifiedAllowedOrNot() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        GatewayRequest denied = request(meters, "{\"model\": \"team-b/finance\"}", Map.of());
        assertDenied(() -> chat(handlers(Decision.deny(403, "may not", "system:serviceaccount:team-b:intruder")),
                denied), 403, "permission_denied", "may not");
        GatewayRequest unidentified = request(meters, "{\"model\": \"team-b/finance\"}", Map.of());
        assertDenied(() -> chat(handlers(Decision.deny(401, "token not valid", null)), unidentified), 401,
                "unauthenticated", "token not valid");
        GatewayRequest listed = request(meters, "", Map.of());
        handlers(Decision.deny(403, "no", "system:serviceaccount:team-a:app")).models(listed);

        for (GatewayRequest request : List.of(denied, unidentified, listed)) {
            request.metrics().end("outcome", 200);
        }

        assertThat(meters.get("modelport_gateway_requests_total").counters())
                .extracting(counter -> counter.getId().getTag("caller"))
                .containsExactlyInAnyOrder("team-b/intruder", "unknown", "team-a/app");
    }

    interface Call {
        Object run() throws GatewayException;
    }

    static void assertDenied(Call call, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void shouldLeaveACallerNotYetDecidedOrARefusedRequestToTheBlockingPathBeforeLookingTheModelUp()
            throws Exception {
        // The registry fails the test on any lookup: neither request may reach a model on the event loop.
        GatewayRequest complete = request("{\"model\": \"team-a/support\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"hi\"}]}", Map.of());
        assertThat(handlers(Decision.allow("alice")).chatCompletionNow(complete, ChatBody.read(complete.body())))
                .as("an authorizer that can only decide by asking").isEmpty();
        assertThat(handlers(new AllowAllAuthorizer()).chatCompletionNow(request("{\"model\": 7}", Map.of()),
                ChatBody.read("{\"model\": 7}".getBytes(StandardCharsets.UTF_8)))).as("refused on the blocking path")
                .isEmpty();
    }

    private static Reply chat(GatewayHandlers handlers, GatewayRequest request) throws GatewayException {
        return handlers.chatCompletion(request, ChatBody.read(request.body()));
    }
}
