package dev.modelport.gateway.http;

import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.GatewayRequest;
import dev.modelport.gateway.GatewaySettings;
import dev.modelport.gateway.chat.ChatBody;
import dev.modelport.gateway.chat.Responses;
import dev.modelport.gateway.media.MediaCalls;
import dev.modelport.gateway.telemetry.GatewayMetrics;
import dev.modelport.gateway.telemetry.RequestMetrics;
import dev.modelport.tracing.RequestTrace;
import dev.modelport.tracing.Tracing;
import dev.modelport.upstream.Completions;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * The gateway's HTTP routes on Quarkus's own server, registered only in the gateway role. Bodies are read by
 * Vert.x up to {@link #MAX_BODY_BYTES}. A chat call that needs nothing that blocks, complete or streamed, with its
 * retries and fallbacks, is made and answered on the request's event loop; every other request runs on its own
 * virtual thread, because authorizing and preparing a model call may block (a TokenReview, a DNS lookup, an OAuth2
 * token), and the event loop must never be held. Upstream exchanges, and the writing of a streamed answer, run on
 * the request's event loop.
 */
@ApplicationScoped
public class GatewayRoutes {

    static final long MAX_BODY_BYTES = 1 << 20;
    /** The largest audio form a transcription takes: OpenAI's own limit for the file. */
    static final long MAX_AUDIO_BYTES = 25L << 20;
    /** The response header that names the model that answered, {@code <namespace>/<name>}: a fallback, perhaps. */
    static final String MODEL_HEADER = "x-modelport-model";

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);

    /** One endpoint's work, run on a virtual thread. */
    @FunctionalInterface
    private interface Endpoint {
        Reply handle(GatewayRequest request) throws GatewayException;
    }

    private final GatewaySettings settings;
    private final GatewayHandlers handlers;
    private final GatewayMetrics metrics;
    private final StreamBounds streamBounds;
    private final GatewayShutdown shutdown;
    private final Tracing tracing;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    GatewayRoutes(GatewaySettings settings, GatewayHandlers handlers, GatewayMetrics metrics,
            StreamBounds streamBounds, GatewayShutdown shutdown, Tracing tracing) {
        this.settings = settings;
        this.handlers = handlers;
        this.metrics = metrics;
        this.streamBounds = streamBounds;
        this.shutdown = shutdown;
        this.tracing = tracing;
    }

    void routes(@Observes Router router) {
        if (!settings.enabled()) {
            return;
        }
        router.route("/v1/*").handler(this::admit);
        router.route("/api/*").handler(this::admit);
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        // Answered on the event loop when nothing has to block, else on a virtual thread.
        post(router, bodies, "/v1/chat/completions", "chat", this::chat);
        post(router, bodies, "/v1/images/generations", "images",
                ctx -> run(ctx, "images", request -> new Reply.Json(handlers.imageGeneration(request))));
        multipart(router, "/v1/audio/transcriptions", "transcriptions", request -> {
            MediaCalls.Passed passed = handlers.transcription(request);
            return new Reply.Raw(passed.contentType(), passed.body());
        });
        post(router, bodies, "/api/v1/namespaces/:ns/externalmodels/:name/invoke", "invoke",
                ctx -> run(ctx, "invoke", request -> new Reply.Json(handlers.invoke(request))));
        router.route(HttpMethod.GET, "/v1/models")
                .handler(ctx -> run(ctx, "models", request -> new Reply.Json(handlers.models(request))));
        otherMethods(router, "/v1/models", "models", HttpMethod.GET);
        // The id holds a slash: sent as it is, or encoded as %2F (the OpenAI clients encode it).
        for (String path : new String[] {"/v1/models/:ns/:name", "/v1/models/:id"}) {
            router.route(HttpMethod.GET, path)
                    .handler(ctx -> run(ctx, "models", request -> new Reply.Json(handlers.model(request))));
            otherMethods(router, path, "models", HttpMethod.GET);
        }
    }

    /**
     * A route that takes a multipart form, read whole up to {@link #MAX_AUDIO_BYTES}. Such a form is one a web page
     * may send to any origin without a CORS preflight, so, unlike the JSON routes' Content-Type, an Authorization
     * header is what a page cannot add: a request without one is refused before its body is read.
     */
    private void multipart(Router router, String path, String api, Endpoint endpoint) {
        router.route(HttpMethod.POST, path).handler(ctx -> requireForm(ctx, api))
                .handler(new RawBody(MAX_AUDIO_BYTES)).handler(ctx -> run(ctx, api, endpoint))
                .failureHandler(ctx -> tooLarge(ctx, api, MAX_AUDIO_BYTES));
        otherMethods(router, path, api, HttpMethod.POST);
    }

    private void requireForm(RoutingContext ctx, String api) {
        if (!MediaCalls.isMultipart(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            refuse(ctx, api, new GatewayException(415, "invalid_request_error", "unsupported_media_type",
                    "the request body must be a form, sent with Content-Type: multipart/form-data"));
        } else if (ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
            refuse(ctx, api, new GatewayException(401, "authentication_error", "unauthenticated",
                    "this route needs an Authorization header, as the OpenAI clients send"));
        } else {
            ctx.next();
        }
    }

    /** A route that takes a JSON body, read whole up to {@link #MAX_BODY_BYTES} before the handler runs. */
    private void post(Router router, BodyHandler bodies, String path, String api, Handler<RoutingContext> handler) {
        // A route of its own: Vert.x wants the body handler first on a route.
        router.route(HttpMethod.POST, path).handler(ctx -> requireJson(ctx, api));
        router.route(HttpMethod.POST, path).handler(bodies).handler(handler)
                .failureHandler(ctx -> tooLarge(ctx, api, MAX_BODY_BYTES));
        otherMethods(router, path, api, HttpMethod.POST);
    }

    /** Once the shutdown's drain delay is over, new requests are refused and their connections closed. */
    private void admit(RoutingContext ctx) {
        if (shutdown.refusing()) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            HttpReplies.send(ctx, 503, Responses.error(shutdown.refused()));
        } else {
            ctx.next();
        }
    }

    /**
     * Any other method on an endpoint's path, answered in the OpenAI error shape (Vert.x's own 405 has no body).
     * A CORS preflight (OPTIONS) gets it too, without any Access-Control header, so a browser sends no
     * cross-origin request that would need one.
     */
    private void otherMethods(Router router, String path, String api, HttpMethod allowed) {
        router.route(path).handler(ctx -> {
            ctx.response().putHeader(HttpHeaders.ALLOW, allowed.name());
            refuse(ctx, api, new GatewayException(405, "invalid_request_error", "method_not_allowed",
                    "this path takes " + allowed.name() + " only"));
        });
    }

    /**
     * Only JSON bodies, refused before they are read. A web page may send a form or text/plain body to any origin
     * without a CORS preflight; such a request from a page the user visits must not reach a model.
     */
    private void requireJson(RoutingContext ctx, String api) {
        if (isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            ctx.next();
        } else {
            refuse(ctx, api, new GatewayException(415, "invalid_request_error", "unsupported_media_type",
                    "the request body must be JSON, sent with Content-Type: application/json"));
        }
    }

    /** application/json, with any parameters (a charset). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return type.strip().equalsIgnoreCase("application/json");
    }

    /** The body handler fails the route with 413 over the limit; answer it in the OpenAI error shape. */
    private void tooLarge(RoutingContext ctx, String api, long limit) {
        if (ctx.statusCode() == 413) {
            refuse(ctx, api, new GatewayException(413, "invalid_request_error", "request_too_large",
                    "the request body is larger than " + limit + " bytes"));
        } else {
            ctx.next();
        }
    }

    /** A request refused by its HTTP form, before any model is chosen. */
    private void refuse(RoutingContext ctx, String api, GatewayException e) {
        RequestTrace trace = tracing.request(ctx.request(), ctx.currentRoute().getPath());
        HttpReplies.send(ctx, e.status(), Responses.error(e));
        start(ctx, api).end(e.code(), e.status());
        trace.end(e.status(), e.code());
    }

    /** Starts observing the request, on the event loop: its route is the one now running. */
    private RequestMetrics start(RoutingContext ctx, String api) {
        return metrics.start(api, ctx.request().method().name(), ctx.currentRoute().getPath());
    }

    private void run(RoutingContext ctx, String api, Endpoint endpoint) {
        dispatch(ctx, endpoint, request(ctx, start(ctx, api)));
    }

    /**
     * POST /v1/chat/completions: a call that needs nothing blocking is made and answered on this event loop
     * ({@link GatewayHandlers#chatCompletionNow}); any other request, and a refused one, on a virtual thread.
     */
    private void chat(RoutingContext ctx) {
        GatewayRequest request = request(ctx, start(ctx, "chat"));
        ChatBody body;
        try {
            body = ChatBody.read(request.body());
        } catch (GatewayException e) {
            HttpReplies.error(ctx, e);
            ended(ctx, request, e.code());
            return;
        }
        Optional<CompletableFuture<Reply>> now = handlers.chatCompletionNow(request, body);
        if (now.isEmpty()) {
            dispatch(ctx, chat -> handlers.chatCompletion(chat, body), request);
            return;
        }
        now.get().whenComplete((reply, failure) -> {
            if (failure == null) {
                reply(ctx, request, reply);
            } else {
                ended(ctx, request, failed(ctx, Completions.cause(failure)));
            }
        });
    }

    /** The request as the handlers read it, on the event loop: its route is the one now running. */
    private GatewayRequest request(RoutingContext ctx, RequestMetrics observed) {
        RequestTrace trace = tracing.request(ctx.request(), ctx.currentRoute().getPath());
        return new GatewayRequest(ctx.request().getHeader(HttpHeaders.HOST),
                ctx.request().getHeader(HttpHeaders.AUTHORIZATION), HttpReplies.body(ctx),
                ctx.request().getHeader(HttpHeaders.CONTENT_TYPE), ctx.pathParams(),
                observed, model -> {
                    ctx.response().putHeader(MODEL_HEADER, model);
                    observed.answeredBy(model);
                }, trace, Vertx.currentContext());
    }

    /** Answers the request on a virtual thread. */
    private void dispatch(RoutingContext ctx, Endpoint endpoint, GatewayRequest request) {
        try {
            executor.execute(() -> answer(ctx, endpoint, request));
        } catch (RejectedExecutionException e) {
            GatewayException shuttingDown = shutdown.refused();
            HttpReplies.send(ctx, 503, Responses.error(shuttingDown));
            ended(ctx, request, shuttingDown.code());
        }
    }

    /** Answers the request and records its outcome once the answer (or the stream) has ended. */
    private void answer(RoutingContext ctx, Endpoint endpoint, GatewayRequest request) {
        try {
            reply(ctx, request, endpoint.handle(request));
        } catch (GatewayException | RuntimeException e) {
            ended(ctx, request, failed(ctx, e));
        }
    }

    /** Sends the reply, or writes its stream; records the request's outcome once the answer has ended. */
    private void reply(RoutingContext ctx, GatewayRequest request, Reply reply) {
        if (reply instanceof Reply.Stream stream) {
            stream(ctx, request.eventLoop(), stream.streamer()).thenAccept(outcome -> ended(ctx, request, outcome));
        } else {
            HttpReplies.send(ctx, reply);
            ended(ctx, request, GatewayMetrics.SUCCESS);
        }
    }

    /** Answers a failure and returns its outcome. */
    private static String failed(RoutingContext ctx, Throwable failure) {
        if (failure instanceof GatewayException e) {
            HttpReplies.error(ctx, e);
            return e.code();
        }
        LOG.error("gateway request failed", failure);
        GatewayException internal = HttpReplies.internalError();
        HttpReplies.send(ctx, 500, Responses.error(internal));
        return internal.code();
    }

    /** Records the request's outcome with the status sent: a stream's 200 once it started, whatever its outcome. */
    private static void ended(RoutingContext ctx, GatewayRequest request, String outcome) {
        request.metrics().end(outcome, ctx.response().getStatusCode());
        request.trace().end(ctx.response().getStatusCode(), GatewayMetrics.SUCCESS.equals(outcome) ? null : outcome);
    }

    /**
     * Writes the stream, and completes with its outcome once it has ended: a failure after the start still counts
     * as one. Once the 200 is sent, a failure is told in the stream itself: one last event
     * {@code data: {"error": {...}}}, the shape the OpenAI clients raise as an exception, and no {@code [DONE]}, so
     * even a client that ignores the error event sees an unfinished stream rather than a complete, shorter answer. A
     * stream the gateway stopped itself (one of its bounds) fails with that reason, whatever the cancelled upstream
     * call reported.
     */
    private CompletableFuture<String> stream(RoutingContext ctx, Context eventLoop, Reply.Streamer streamer) {
        VertxEventStream out = new VertxEventStream(ctx.response(), eventLoop, streamBounds);
        shutdown.track(out);
        CompletableFuture<Void> written;
        try {
            written = streamer.run(out);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.handle((done, failed) -> {
            shutdown.ended(out);
            Throwable cause = Completions.cause(failed);
            GatewayException failure = null;
            if (cause instanceof GatewayException e) {
                failure = e;
            } else if (cause != null) {
                if (!out.started()) {
                    return failed(ctx, cause);
                }
                LOG.error("gateway stream failed", cause);
                failure = HttpReplies.internalError();
            }
            failure = out.stopReason().orElse(failure);
            if (failure == null) {
                out.end();
                return GatewayMetrics.SUCCESS;
            }
            if (out.started()) {
                LOG.debugf("stream failed after its start: %s", failure.getMessage());
                out.fail(failure);
            } else {
                HttpReplies.error(ctx, failure);
            }
            return failure.code();
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
