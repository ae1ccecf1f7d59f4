package dev.modelport.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How one kind of endpoint is spoken to: the request body for an invocation and the answer in a response. Built
 * once per model spec (templates parsed, paths compiled), then used by every call: thread-safe and without
 * per-call reflection.
 */
public interface Structure {

    /** Checks the invocation against what the model declares and renders the JSON request body. */
    String render(Invocation invocation) throws AdapterException;

    /** {@link #render} in UTF-8: what is sent; a structure may send the caller's own bytes. */
    default byte[] renderBytes(Invocation invocation) throws AdapterException {
        return render(invocation).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether a complete answer is an OpenAI chat completion already, which the gateway can forward with its model
     * replaced instead of rebuilding it from the {@link ModelResponse}.
     */
    default boolean answersAsOpenAi() {
        return false;
    }

    /**
     * Whether the data of one streamed event is an OpenAI {@code chat.completion.chunk} already, which the gateway can
     * forward (once {@link #parseStreamEvent} has read it) instead of rebuilding it; never the end marker.
     */
    default boolean forwardsEvent(String data) {
        return false;
    }

    /** Reads the answer from a complete (non-streamed) JSON response. */
    ModelResponse parse(JsonNode response) throws AdapterException;

    /** Reads the answer from a complete response body; structures may avoid building the whole JSON tree. */
    default ModelResponse parse(byte[] body) throws AdapterException {
        return parse(JsonBodies.parse(body));
    }

    /** Whether the endpoint itself can stream (see {@link #answerFormat()} for how). */
    boolean streams();

    /**
     * Whether the endpoint answers only as a stream (a custom model that streams with no {{stream}} in its body to
     * tell it otherwise): a whole answer is then read from its stream ({@link #parse(byte[])}).
     */
    default boolean alwaysStreams() {
        return false;
    }

    /**
     * Turns the data of one server-sent event of a streamed response into answer events; empty for events
     * without content (pings, metadata).
     */
    List<StreamEvent> parseStreamEvent(String eventName, String data) throws AdapterException;

    /** The decoder of one streamed answer; by default each event is read on its own by parseStreamEvent. */
    default StreamDecoder streamDecoder() {
        return this::parseStreamEvent;
    }

    /** How the endpoint frames its streams and shapes its error answers. */
    default AnswerFormat answerFormat() {
        return AnswerFormat.PROVIDER;
    }
}
