package dev.modelport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The stream paths of an event schema, chosen by key name from a sample event: the text of the event (a text, delta or
 * content string; not a field that repeats the whole text), and the token counts.
 */
final class Leaves {

    private static final Set<String> INPUT_COUNTS = Set.of("input_tokens", "prompt_tokens", "input_length",
            "inputtokens", "prompttokens", "billed_input_tokens");
    private static final Set<String> OUTPUT_COUNTS = Set.of("output_tokens", "completion_tokens",
            "generated_tokens", "outputtokens", "completiontokens", "billed_output_tokens");

    private static final Set<String> FINISH_REASONS = Set.of("finish_reason", "finishreason", "stop_reason");

    private record Leaf(String path, String key, JsonNode value) {
    }

    private Leaves() {
    }

    static String delta(JsonNode event) {
        return leaves(event).stream().filter(leaf -> leaf.value().isTextual() && deltaScore(leaf) > 0)
                .max(Comparator.comparingInt(Leaves::deltaScore)
                        .thenComparing(leaf -> -leaf.path().length()))
                .map(Leaf::path).orElse(null);
    }

    private static int deltaScore(Leaf leaf) {
        if (leaf.key().contains("generated") || leaf.key().contains("full")) {
            return 0;
        }
        int score = switch (leaf.key()) {
            case "delta" -> 5;
            case "text" -> 4;
            case "content" -> 3;
            default -> 0;
        };
        return score == 0 ? 0 : score + (leaf.path().contains("delta") || leaf.path().contains("token") ? 1 : 0);
    }

    /** A finish_reason or stop_reason string, the shortest path first; null without one. */
    static String finishReason(JsonNode event) {
        return leaves(event).stream().filter(l -> l.value().isTextual() && FINISH_REASONS.contains(l.key()))
                .map(Leaf::path).min(Comparator.comparingInt(String::length)).orElse(null);
    }

    /** The message of an error answer: error.message, error, message, detail; the shortest path first. */
    static String errorMessage(JsonNode answer) {
        return leaves(answer).stream().filter(l -> l.value().isTextual() && errorScore(l) > 0)
                .max(Comparator.comparingInt(Leaves::errorScore).thenComparing(l -> -l.path().length()))
                .map(Leaf::path).orElse(null);
    }

    private static int errorScore(Leaf leaf) {
        return switch (leaf.key()) {
            case "message", "error_message", "errormessage" -> leaf.path().contains("error") ? 4 : 3;
            case "error" -> 3;
            case "detail" -> 2;
            default -> 0;
        };
    }

    static String inputTokens(JsonNode event) {
        return count(event, INPUT_COUNTS);
    }

    static String outputTokens(JsonNode event) {
        return count(event, OUTPUT_COUNTS);
    }

    private static String count(JsonNode event, Set<String> keys) {
        return leaves(event).stream().filter(l -> l.value().isNumber() && keys.contains(l.key()))
                .map(Leaf::path).min(Comparator.comparingInt(String::length)).orElse(null);
    }

    private static List<Leaf> leaves(JsonNode root) {
        List<Leaf> out = new ArrayList<>();
        walk(root, "$", null, out);
        return out;
    }

    private static void walk(JsonNode node, String path, String key, List<Leaf> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                String child = name.matches("[A-Za-z_][A-Za-z0-9_]*") ? path + "." + name
                        : path + "['" + name.replace("'", "\\'") + "']";
                walk(field.getValue(), child, name.toLowerCase(Locale.ROOT), out);
            }
        } else if (node.isArray()) {
            if (!node.isEmpty()) {
                walk(node.get(0), path + "[0]", key, out);
            }
        } else {
            out.add(new Leaf(path, key == null ? "" : key, node));
        }
    }
}
