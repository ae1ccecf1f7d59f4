package dev.modelport.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.io.IOException;

/**
 * Counts the bytes a streamed-call connection received, after TLS and before HTTP parsing: the streamed
 * counterpart of {@link ReceivedBytes}. Vert.x reports an answer only once its status line and headers are
 * complete, and has no public view of the bytes, so each connection of the client gets this handler in its Netty
 * pipeline when it is opened (through Vert.x's {@code ConnectionBase}, the one internal type used here). A connection
 * without it is never judged stale.
 */
final class AnswerBytes extends ChannelInboundHandlerAdapter {

    private static final String NAME = "modelport-answer-bytes";
    /** Vert.x's name for the HTTP/1.x codec, which parses what this handler counts. */
    private static final String CODEC = "codec";

    // Written on the connection's event loop, read on the event loop of a stream that uses the connection.
    private volatile long received;

    /** Adds the count to a connection just opened, before any request went out on it. */
    static void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channel().pipeline();
            if (pipeline.get(CODEC) != null) {
                pipeline.addBefore(CODEC, NAME, new AnswerBytes());
            }
        }
    }

    /** What the connection has received as a request goes out on it; null when it is not counted. */
    static Mark mark(HttpConnection connection) {
        if (connection instanceof ConnectionBase base
                && base.channel().pipeline().get(NAME) instanceof AnswerBytes bytes) {
            return new Mark(bytes, bytes.received);
        }
        return null;
    }

    /** A connection's count as a request went out on it. */
    record Mark(AnswerBytes bytes, long before) {

        /**
         * Whether the request failed on a connection that had carried an answer before (a TLS handshake is not
         * counted), which then ended, closed or reset, before one byte arrived after the request.
         */
        boolean stale(Throwable failure) {
            return before > 0 && bytes.received == before
                    && (failure instanceof HttpClosedException || failure instanceof IOException);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof ByteBuf bytes) {
            received += bytes.readableBytes();
        }
        ctx.fireChannelRead(message);
    }
}
