package dev.modelport.adapter.detect;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Key names reduced to one spelling, so prompt_tokens, promptTokens and prompt-tokens score alike. */
final class Keys {

    private static final Set<String> ECHO_EXACT = Set.of("system", "preamble", "history", "chathistory", "request",
            "context");
    private static final List<String> ECHO_PARTS = List.of("prompt", "input", "query", "question", "instruction",
            "setting", "option", "parameter", "params", "config");

    private Keys() {
    }

    /** Lower case letters and digits only: "usageMetadata" and "usage_metadata" both become "usagemetadata". */
    static String normalize(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    static boolean containsAny(String name, List<String> words) {
        for (String word : words) {
            if (name.contains(word)) {
                return true;
            }
        }
        return false;
    }

    static boolean endsWithAny(String name, List<String> words) {
        for (String word : words) {
            if (name.endsWith(word)) {
                return true;
            }
        }
        return false;
    }

    /** Keys that hold request data sent back to the caller (prompt echoes, settings): never the answer. */
    static boolean isEcho(String name) {
        return ECHO_EXACT.contains(name) || containsAny(name, ECHO_PARTS);
    }

}
