package dev.modelport.gateway.chat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.JsonSpans;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.models.ServedModel;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the events of one streamed answer into OpenAI {@code chat.completion.chunk} server-sent events: content
 * chunks as they come, then the finish reason, then the usage (only the known counts) and {@code [DONE]}. An
 * endpoint's own chunks ({@link StreamEvent.Chunk}) are forwarded as they came instead, with the model that answers
 * named in them, and only {@code [DONE]} is added.
 */
public final class ChatStream implements Consumer<StreamEvent> {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String DONE = "data: [DONE]\n\n";

    private ServedModel model;
    private String quotedModel;
    private final String id;
    private final long created;
    private final Consumer<String> out;
    private final Runnable contentWritten;
    private final Map<Integer, Integer> toolIndexes = new HashMap<>(4);
    private boolean roleSent;
    /** Whether the endpoint's own chunks are forwarded: nothing is rebuilt then. */
    private boolean forwarding;
    private boolean finished;
    private String finishReason;
    private TokenUsage usage = TokenUsage.UNKNOWN;

    /**
     * @param out receives each complete SSE event ({@code data: ...} and the blank line)
     * @param contentWritten runs after each content chunk is written (the time to the first token is measured)
     */
    public ChatStream(Clock clock, Consumer<String> out, Runnable contentWritten) {
        this.id = Responses.completionId();
        this.created = clock.instant().getEpochSecond();
        this.out = out;
        this.contentWritten = contentWritten;
    }

    /** The model that answers, named in every chunk: told before the first event (a fallback, perhaps). */
    public void answeredBy(ServedModel answering) {
        this.model = answering;
        this.quotedModel = JsonSpans.quoted(answering.id());
    }

    @Override
    public void accept(StreamEvent event) {
        switch (event) {
            case StreamEvent.Chunk chunk -> forward(chunk.data());
            case StreamEvent.TextDelta delta -> {
                if (forwarding) {
                    contentWritten.run();
                } else {
                    content(delta.text());
                }
            }
            case StreamEvent.ToolCallDelta call -> {
                if (forwarding) {
                    contentWritten.run();
                } else {
                    toolCall(call);
                }
            }
            case StreamEvent.Finish finish -> {
                finished = true;
                finishReason = finish.finishReason();
            }
            case StreamEvent.Usage counts -> usage = merge(usage, counts.usage());
            // The chunks name the ExternalModel that answers, never the endpoint's own model id.
            case StreamEvent.Model upstreamModel -> {
            }
        }
    }

    /**
     * Ends the stream after the upstream's last event. An upstream stream that ended without saying why the
     * answer stopped (both APIs always do) was cut short, by a proxy or a closed connection: that is a failure,
     * not a shorter answer.
     */
    public void finish() throws GatewayException {
        if (!finished) {
            throw GatewayException.of(new AdapterException(FailureCategory.ConnectionFailed,
                    "the endpoint's stream ended before the answer was complete"));
        }
        if (!forwarding) {
            // The endpoint's own chunks said both already.
            ObjectNode last = chunk();
            last.putArray("choices").addObject().put("index", 0).put("finish_reason",
                    Responses.finishReason(finishReason)).putObject("delta");
            send(last);
            ObjectNode counts = Responses.usage(usage);
            if (!counts.isEmpty()) {
                ObjectNode usageChunk = chunk();
                usageChunk.putArray("choices");
                usageChunk.set("usage", counts);
                send(usageChunk);
            }
        }
        out.accept(DONE);
    }

    /** The endpoint's chunk as it came, but for its model field, which names the model that answers. */
    private void forward(String data) {
        forwarding = true;
        String named = JsonSpans.topLevelString(data, "model")
                .map(span -> JsonSpans.splice(data, span, quotedModel)).orElse(data);
        out.accept("data: " + named + "\n\n");
    }

    private void content(String text) {
        ObjectNode chunk = chunk();
        delta(chunk).put("content", text);
        send(chunk);
        contentWritten.run();
    }

    /**
     * A piece of a tool call as OpenAI streams it: the first names the call (index, id, type, function name, empty
     * arguments), later ones add to its arguments. Calls are numbered from 0 in the order they start, whatever
     * the upstream's own index (Anthropic counts text blocks too).
     */
    private void toolCall(StreamEvent.ToolCallDelta call) {
        Integer index = toolIndexes.get(call.index());
        if (index == null) {
            index = toolIndexes.size();
            toolIndexes.put(call.index(), index);
        }
        ObjectNode chunk = chunk();
        ObjectNode entry = delta(chunk).putArray("tool_calls").addObject().put("index", index);
        if (call.id() != null) {
            entry.put("id", call.id()).put("type", "function");
        }
        ObjectNode function = entry.putObject("function");
        if (call.name() != null) {
            function.put("name", call.name());
        }
        function.put("arguments", call.arguments());
        send(chunk);
        contentWritten.run();
    }

    /** The chunk's one choice with no finish reason yet, and its delta: the first delta carries the role. */
    private ObjectNode delta(ObjectNode chunk) {
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (!roleSent) {
            delta.put("role", "assistant");
            roleSent = true;
        }
        choice.putNull("finish_reason");
        return delta;
    }

    /** The counts the upstream reported so far. */
    public TokenUsage usage() {
        return usage;
    }

    private ObjectNode chunk() {
        return JSON.objectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model.id());
    }

    private void send(ObjectNode chunk) {
        out.accept("data: " + chunk + "\n\n");
    }

    /** Later counts replace earlier ones field by field where known. */
    private static TokenUsage merge(TokenUsage earlier, TokenUsage later) {
        return TokenUsage.of(later.inputTokens() != null ? later.inputTokens() : earlier.inputTokens(),
                later.outputTokens() != null ? later.outputTokens() : earlier.outputTokens());
    }
}
