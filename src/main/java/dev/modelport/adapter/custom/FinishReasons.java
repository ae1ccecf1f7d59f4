package dev.modelport.adapter.custom;

import java.util.Locale;

/**
 * OpenAI's finish_reason for a custom endpoint's own stop reason. Endpoints name it freely (TGI: eos_token,
 * stop_sequence, length; Ollama: stop, length; others max_tokens, end_turn), so the endpoint's text never reaches
 * the caller: it is one of OpenAI's reasons, and stop when it is none of the known ones.
 */
final class FinishReasons {

    private FinishReasons() {
    }

    /** The OpenAI reason, or null when the endpoint reported none (the gateway then says stop). */
    static String openAi(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason.toLowerCase(Locale.ROOT)) {
            case "length", "max_tokens", "max_length", "max_new_tokens", "token_limit" -> "length";
            case "content_filter", "safety", "blocked" -> "content_filter";
            default -> "stop";
        };
    }
}
