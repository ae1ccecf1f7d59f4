package dev.modelport.adapter;

import java.util.List;

/**
 * The answer of a model call: its text, token usage, why generation stopped (null when not reported), the tool
 * calls it asked for (never null) and the model the endpoint says answered (a provider's {@code model} field; null
 * when not reported). The text is empty when the answer is only tool calls.
 */
public record ModelResponse(String output, TokenUsage usage, String finishReason, List<ToolCall> toolCalls,
        String model) {

    public ModelResponse {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public ModelResponse(String output, TokenUsage usage, String finishReason, List<ToolCall> toolCalls) {
        this(output, usage, finishReason, toolCalls, null);
    }

    public ModelResponse(String output, TokenUsage usage, String finishReason) {
        this(output, usage, finishReason, null, null);
    }
}
