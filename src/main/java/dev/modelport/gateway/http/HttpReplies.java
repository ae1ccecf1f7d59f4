package dev.modelport.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.chat.Responses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;

/** How the routes read a request's body and write an answer or an error (in OpenAI's error shape). */
final class HttpReplies {

    private HttpReplies() {
    }

    /** The body as the route read it: raw (a form), or by the body handler. */
    static byte[] body(RoutingContext ctx) {
        Buffer raw = ctx.get(RawBody.KEY);
        if (raw != null) {
            return raw.getBytes();
        }
        RequestBody body = ctx.body();
        return body == null || body.buffer() == null ? new byte[0] : body.buffer().getBytes();
    }

    static GatewayException internalError() {
        return new GatewayException(500, "server_error", "internal_error",
                "the gateway failed to handle the request");
    }

    static void error(RoutingContext ctx, GatewayException e) {
        if (e.retryAfter() != null && !ctx.response().headWritten()) {
            ctx.response().putHeader("Retry-After", Long.toString(e.retryAfter().toSeconds()));
        }
        send(ctx, e.status(), Responses.error(e));
    }

    static void send(RoutingContext ctx, int status, JsonNode body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(body.toString()));
    }

    /** A complete 200 answer. */
    static void send(RoutingContext ctx, Reply reply) {
        switch (reply) {
            case Reply.Json json -> send(ctx, 200, json.body());
            case Reply.Raw raw -> send(ctx, raw.contentType(), Buffer.buffer(raw.body()));
            case Reply.Stream stream -> throw new IllegalArgumentException("a stream is written, not sent");
        }
    }

    /** A 200 passed through from the upstream, its media type kept and never sniffed. */
    static void send(RoutingContext ctx, String contentType, Buffer body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader("X-Content-Type-Options", "nosniff").end(body);
    }
}
