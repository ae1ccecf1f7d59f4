package dev.modelport.adapter;

/**
 * Token counts reported by the endpoint. A null count is unknown (missing, null or not an integer in the
 * response), never 0.
 */
public record TokenUsage(Long inputTokens, Long outputTokens, Long cacheReadTokens, Long cacheWriteTokens,
        Long reasoningTokens) {

    public static final TokenUsage UNKNOWN = new TokenUsage(null, null, null, null, null);

    public static TokenUsage of(Long inputTokens, Long outputTokens) {
        return new TokenUsage(inputTokens, outputTokens, null, null, null);
    }
}
