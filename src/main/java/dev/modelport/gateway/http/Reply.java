package dev.modelport.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.gateway.EventStream;
import java.util.concurrent.CompletableFuture;

/** What an endpoint answers: a JSON body, or a stream of server-sent events written as they come. */
public sealed interface Reply {

    record Json(ObjectNode body) implements Reply {
    }

    record Stream(Streamer streamer) implements Reply {
    }

    /** A body passed through from the upstream as it is, with its media type. */
    record Raw(String contentType, byte[] body) implements Reply {
    }

    /**
     * Writes the events, from the event loop or from a thread that may block (then the stream has ended when it
     * returns); the future completes when the stream has ended, or with its failure. A failure before the first event
     * is answered as an error, after it as a last error event that ends the stream.
     */
    @FunctionalInterface
    interface Streamer {
        CompletableFuture<Void> run(EventStream out);
    }
}
