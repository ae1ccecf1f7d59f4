package dev.modelport.adapter;

/** One step of a streamed answer, in the order the endpoint sent them. */
public sealed interface StreamEvent {

    /** More answer text. */
    record TextDelta(String text) implements StreamEvent {
    }

    /** Token counts so far; later Usage events replace earlier ones field by field where known. */
    record Usage(TokenUsage usage) implements StreamEvent {
    }

    /** Why generation stopped. */
    record Finish(String finishReason) implements StreamEvent {
    }
}
