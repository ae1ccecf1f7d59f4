package dev.modelport.adapter;

/**
 * A call of a tool the model asked for, in an answer or in an earlier assistant turn.
 *
 * @param arguments the arguments as JSON text (a JSON object), as OpenAI carries them
 */
public record ToolCall(String id, String name, String arguments) {
}
