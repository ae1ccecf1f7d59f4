package dev.modelport.adapter;

/** One step of a streamed answer, in the order the endpoint sent them. */
public sealed interface StreamEvent {

    /** More answer text. */
    record TextDelta(String text) implements StreamEvent {
    }

    /** Token counts so far; later Usage events replace earlier ones field by field where known. */
    record Usage(TokenUsage usage) implements StreamEvent {
    }

    /**
     * A piece of a tool call: the first piece of each call names it (id and name), later ones carry more of its
     * arguments' JSON text.
     *
     * @param index the upstream's position of the call (OpenAI: among the calls; Anthropic: among all content
     *     blocks); pieces of one call share it
     * @param id the call's id on its first piece, else null
     * @param name the function's name on its first piece, else null
     * @param arguments more of the arguments' JSON text, possibly empty
     */
    record ToolCallDelta(int index, String id, String name, String arguments) implements StreamEvent {
    }

    /** Why generation stopped. */
    record Finish(String finishReason) implements StreamEvent {
    }

    /** The model the endpoint says answers (a provider's {@code model} field), told once as the answer opens. */
    record Model(String model) implements StreamEvent {
    }

    /**
     * The endpoint's own event, its data as it came, when it is already an OpenAI {@code chat.completion.chunk}
     * ({@link Structure#forwardsEvent}): told before the events read from it, so that it can be forwarded rather
     * than rebuilt from them.
     */
    record Chunk(String data) implements StreamEvent {
    }
}
