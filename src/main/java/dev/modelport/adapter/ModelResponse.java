package dev.modelport.adapter;

import java.util.List;

/**
 * The answer of a model call: its text, token usage, why generation stopped (null when not reported) and the tool
 * calls it asked for (never null). The text is empty when the answer is only tool calls.
 */
public record ModelResponse(String output, TokenUsage usage, String finishReason, List<ToolCall> toolCalls) {

    public ModelResponse {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public ModelResponse(String output, TokenUsage usage, String finishReason) {
        this(output, usage, finishReason, null);
    }
}
