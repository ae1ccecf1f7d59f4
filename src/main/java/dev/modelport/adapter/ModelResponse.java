package dev.modelport.adapter;

import java.util.List;

/**
 * The answer of a model call: its text, token usage, why generation stopped (null when not reported), the tool
 * calls it asked for (never null) and the model the endpoint says answered (a provider's {@code model} field; null
 * when not reported). The text is empty when the answer is only tool calls.
 *
 * @param verbatim the endpoint's answer as it came when it is already an OpenAI chat completion, which the gateway
 *     forwards rather than rebuilds ({@link Structure#answersAsOpenAi}); null otherwise
 */
public record ModelResponse(String output, TokenUsage usage, String finishReason, List<ToolCall> toolCalls,
        String model, byte[] verbatim) {

    public ModelResponse {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public ModelResponse(String output, TokenUsage usage, String finishReason, List<ToolCall> toolCalls,
            String model) {
        this(output, usage, finishReason, toolCalls, model, null);
    }

    public ModelResponse(String output, TokenUsage usage, String finishReason, List<ToolCall> toolCalls) {
        this(output, usage, finishReason, toolCalls, null, null);
    }

    /** The same answer, with the endpoint's body it was read from. */
    public ModelResponse withVerbatim(byte[] body) {
        return new ModelResponse(output, usage, finishReason, toolCalls, model, body);
    }

    public ModelResponse(String output, TokenUsage usage, String finishReason) {
        this(output, usage, finishReason, null, null, null);
    }
}
