package dev.modelport.adapter;

import dev.modelport.api.v1alpha1.StreamFormat;
import java.util.Optional;

/**
 * What the upstream client needs to know of a structure's answers: how a stream is framed, and how the error
 * object of an error answer (a 4xx body) is read.
 */
public record AnswerFormat(StreamFormat stream, ErrorReader errors) {

    /** Provider structures: server-sent events, and error objects in OpenAI's or Anthropic's shape. */
    public static final AnswerFormat PROVIDER = new AnswerFormat(StreamFormat.SSE, ProviderError::parse);

    /** Reads the error object of an error answer's body; empty when it has none. */
    @FunctionalInterface
    public interface ErrorReader {
        Optional<ProviderError> read(byte[] body);
    }
}
