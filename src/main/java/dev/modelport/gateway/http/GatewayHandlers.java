package dev.modelport.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.Invocation;
import dev.modelport.api.v1alpha1.Example;
import dev.modelport.gateway.EventStream;
import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.GatewayRequest;
import dev.modelport.gateway.auth.CallerAuthorizer;
import dev.modelport.gateway.auth.Decision;
import dev.modelport.gateway.calls.Candidates;
import dev.modelport.gateway.calls.ResilientCalls;
import dev.modelport.gateway.chat.ChatBody;
import dev.modelport.gateway.chat.ChatRequests;
import dev.modelport.gateway.chat.ChatStream;
import dev.modelport.gateway.chat.Responses;
import dev.modelport.gateway.media.MediaCalls;
import dev.modelport.gateway.models.ModelRegistry;
import dev.modelport.gateway.models.ModelSelection;
import dev.modelport.gateway.models.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The gateway's endpoints, independent of HTTP plumbing: each authorizes, selects the model and calls it. */
@ApplicationScoped
public class GatewayHandlers {

    private static final String JSON = "application/json";

    private final ModelRegistry registry;
    private final ResilientCalls calls;
    private final MediaCalls media;
    private final CallerAuthorizer authorizer;
    private final Clock clock;

    public GatewayHandlers(ModelRegistry registry, ResilientCalls calls, MediaCalls media,
            CallerAuthorizer authorizer, Clock clock) {
        this.registry = registry;
        this.calls = calls;
        this.media = media;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /**
     * POST /v1/chat/completions answered on the event loop, without blocking, when it can be: the caller's
     * authorization is decided without asking the API server, and its models can be called at once
     * ({@link ResilientCalls#now}). A complete reply, or the failure, completes on the event loop; a stream is
     * written from there.
     *
     * @param body the request's body
     * @return empty when the request is for {@link #chatCompletion}, on a thread that may block: also when it is
     *     refused before any call, so that it is refused there in one way
     */
    public Optional<CompletableFuture<Reply>> chatCompletionNow(GatewayRequest request, ChatBody body) {
        ModelSelection selection;
        Invocation invocation;
        try {
            selection = selection(request, body.model());
            invocation = body.invocation();
        } catch (GatewayException e) {
            return Optional.empty();
        }
        Optional<Decision> decision = authorizer.decided(request.authorization(), selection.namespace(),
                selection.name());
        if (decision.isEmpty() || !decision.get().allowed()) {
            return Optional.empty();
        }
        Optional<Candidates.Now> now = calls.now(request, selection);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        request.metrics().caller(decision.get().caller());
        if (invocation.stream()) {
            return Optional.of(CompletableFuture.completedFuture(chatStream(request,
                    (chunks, out) -> calls.streamNow(request, now.get(), invocation, chunks, chunks::answeredBy,
                            out))));
        }
        return Optional.of(calls.callNow(request, now.get(), invocation).thenApply(done -> {
            request.metrics().tokens(done.response().usage());
            return completion(done);
        }));
    }

    /** POST /v1/chat/completions */
    public Reply chatCompletion(GatewayRequest request, ChatBody body) throws GatewayException {
        ModelSelection selection = selection(request, body.model());
        authorize(request, selection);
        Invocation invocation = body.invocation();
        if (!invocation.stream()) {
            return completion(called(request, selection, invocation));
        }
        return chatStream(request, (chunks, out) -> {
            try {
                calls.stream(request, selection, invocation, chunks, chunks::answeredBy, out);
                return CompletableFuture.completedFuture(null);
            } catch (GatewayException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /** The call behind a chat stream, whose events go to the chunks; over when the future completes. */
    @FunctionalInterface
    private interface StreamCall {
        CompletableFuture<Void> start(ChatStream chunks, EventStream out);
    }

    /**
     * A chat stream: the model's events written as chunks, finished once the upstream has ended. A stream that failed
     * midway still consumed what the endpoint reported so far: its tokens are counted either way.
     */
    private Reply.Stream chatStream(GatewayRequest request, StreamCall call) {
        return new Reply.Stream(out -> {
            ChatStream chunks = new ChatStream(clock, out::send, () -> {
                request.metrics().contentWritten();
                request.trace().contentWritten();
            });
            return call.start(chunks, out).thenCompose(ended -> {
                try {
                    chunks.finish();
                    return CompletableFuture.<Void>completedFuture(null);
                } catch (GatewayException e) {
                    return CompletableFuture.<Void>failedFuture(e);
                }
            }).whenComplete((done, failed) -> request.metrics().tokens(chunks.usage()));
        });
    }

    /** The endpoint's own OpenAI completion where it can be forwarded, else the completion rebuilt. */
    private Reply completion(ResilientCalls.Answer answer) {
        Optional<byte[]> forwarded = Responses.forwarded(answer.model(), answer.response());
        if (forwarded.isPresent()) {
            return new Reply.Raw(JSON, forwarded.get());
        }
        return new Reply.Json(Responses.completion(answer.model(), answer.response(), clock));
    }

    /** POST /v1/images/generations */
    public ObjectNode imageGeneration(GatewayRequest request) throws GatewayException {
        ObjectNode body = (ObjectNode) ChatBody.object(request.body());
        ModelSelection selection = selection(request, body.get("model"));
        authorize(request, selection);
        return media.image(request, selection, body);
    }

    /** POST /v1/audio/transcriptions: a multipart form, the model named by its model field or by the Host. */
    public MediaCalls.Passed transcription(GatewayRequest request) throws GatewayException {
        Optional<ModelSelection> byHost = ModelSelection.fromHost(request.host());
        ModelSelection selection = byHost.isPresent() ? byHost.get() : MediaCalls.selection(request);
        authorize(request, selection);
        return media.transcription(request, selection);
    }

    /** The model the Host names (a per-model Service), else the body's model field. */
    private static ModelSelection selection(GatewayRequest request, JsonNode model) throws GatewayException {
        Optional<ModelSelection> byHost = ModelSelection.fromHost(request.host());
        return byHost.isPresent() ? byHost.get() : ModelSelection.fromModelField(model);
    }

    /** GET /v1/models: the served models the caller may use; on a per-model Service only that one. */
    public ObjectNode models(GatewayRequest request) {
        Optional<ModelSelection> byHost = ModelSelection.fromHost(request.host());
        List<ServedModel> candidates = byHost.isPresent()
                ? registry.find(byHost.get().namespace(), byHost.get().name()).stream().toList()
                : registry.all();
        List<ServedModel> allowed = new ArrayList<>();
        for (ServedModel candidate : candidates) {
            Decision decision = authorizer.authorize(request.authorization(), candidate.namespace(),
                    candidate.name());
            request.metrics().caller(decision.caller());
            if (decision.allowed()) {
                allowed.add(candidate);
            }
        }
        return Responses.models(allowed);
    }

    /**
     * GET /v1/models/{id}: one served model the caller may use, else 404 (also for a model another per-model
     * Service serves). Authorized before the lookup, as every call.
     */
    public ObjectNode model(GatewayRequest request) throws GatewayException {
        ModelSelection selection = ModelSelection.fromModelId(request.pathParams());
        Optional<ModelSelection> byHost = ModelSelection.fromHost(request.host());
        if (byHost.isPresent() && !byHost.get().equals(selection)) {
            throw GatewayException.modelNotFound(selection.id());
        }
        authorize(request, selection);
        ServedModel model = registry.find(selection.namespace(), selection.name())
                .orElseThrow(() -> GatewayException.modelNotFound(selection.id()));
        return Responses.model(model);
    }

    /** POST /api/v1/namespaces/{ns}/externalmodels/{name}/invoke */
    public ObjectNode invoke(GatewayRequest request) throws GatewayException {
        ModelSelection selection = ModelSelection.named(request.pathParams().get("ns"),
                request.pathParams().get("name"));
        authorize(request, selection);
        JsonNode body = ChatBody.object(request.body());
        Invocation invocation = Invocation.builder().prompt(text(body, "prompt"))
                .systemPrompt(text(body, "systemPrompt")).examples(examples(body))
                .variables(ChatRequests.variables(body.path("variables"))).build();
        return Responses.invokeResult(called(request, selection, invocation).response());
    }

    /** Calls the model (or a fallback) and counts the tokens it reported. */
    private ResilientCalls.Answer called(GatewayRequest request, ModelSelection selection, Invocation invocation)
            throws GatewayException {
        ResilientCalls.Answer answer = calls.call(request, selection, invocation);
        request.metrics().tokens(answer.response().usage());
        return answer;
    }

    /** Authorizes before looking the model up, so a denied caller cannot learn which models exist. */
    private void authorize(GatewayRequest request, ModelSelection selection) throws GatewayException {
        Decision decision = authorizer.authorize(request.authorization(), selection.namespace(), selection.name());
        request.metrics().caller(decision.caller());
        if (!decision.allowed()) {
            throw switch (decision.status()) {
                case 401 -> new GatewayException(401, "authentication_error", "unauthenticated", decision.message());
                case 403 -> new GatewayException(403, "permission_error", "permission_denied", decision.message());
                default -> new GatewayException(decision.status(), "service_unavailable",
                        "authorization_unavailable", decision.message());
            };
        }
    }

    private static String text(JsonNode body, String field) throws GatewayException {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw GatewayException.invalid(field + " must be a string");
        }
        return value.asText();
    }

    private static List<Example> examples(JsonNode body) throws GatewayException {
        JsonNode examples = body.path("examples");
        if (examples.isMissingNode() || examples.isNull()) {
            return List.of();
        }
        if (!examples.isArray()) {
            throw GatewayException.invalid("examples must be an array of {input, output}");
        }
        List<Example> list = new ArrayList<>();
        for (JsonNode example : examples) {
            list.add(new Example(text(example, "input"), text(example, "output")));
        }
        return list;
    }
}
