package dev.modelport.adapter;

import java.util.List;

/**
 * One turn of a conversation that involves tools, where plain examples cannot say it: a user's text, an
 * assistant's text and tool calls, or the result of one tool call.
 *
 * @param text the text; null for an assistant turn that only calls tools
 * @param toolCalls the calls an assistant turn made; empty otherwise
 * @param toolCallId for a tool result, the id of the call it answers
 */
public record Turn(Role role, String text, List<ToolCall> toolCalls, String toolCallId) {

    public enum Role {
        USER,
        ASSISTANT,
        TOOL
    }

    public Turn {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static Turn user(String text) {
        return new Turn(Role.USER, text, null, null);
    }

    public static Turn assistant(String text, List<ToolCall> toolCalls) {
        return new Turn(Role.ASSISTANT, text, toolCalls, null);
    }

    public static Turn toolResult(String toolCallId, String text) {
        return new Turn(Role.TOOL, text, null, toolCallId);
    }
}
