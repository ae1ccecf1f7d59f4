package dev.modelport.adapter;

/** The answer of a model call: its text, token usage and why generation stopped (null when not reported). */
public record ModelResponse(String output, TokenUsage usage, String finishReason) {
}
