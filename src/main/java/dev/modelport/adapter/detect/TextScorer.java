package dev.modelport.adapter.detect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scores a string leaf as the generated answer: higher is likelier, negative infinity for values that must not be
 * the answer whatever else the response holds. Scores add up independent clues (key name, enclosing arrays and roles,
 * what the value looks like), so no single unusual key decides alone.
 */
final class TextScorer {

    private static final double NEVER = Double.NEGATIVE_INFINITY;

    /** Prompts shorter than this are too likely to occur inside a genuine answer ("Hi" in "Hi there!"). */
    private static final int ECHO_MIN_PROMPT = 12;

    private static final Set<String> ANSWER_KEYS = Set.of("text", "content", "generatedtext", "outputtext",
            "completion", "response", "answer", "generation", "reply", "output", "result", "message", "responsetext",
            "answertext", "completiontext", "resulttext");
    private static final List<String> ANSWER_PARTS = List.of("text", "content", "answer", "output", "response",
            "completion", "generat", "reply", "result", "message");
    private static final List<String> WEAK_PARTS = List.of("reason", "thinking", "thought", "refusal", "error",
            "warning", "title", "name", "label", "description", "summary", "stop", "snippet");
    private static final Set<String> NEVER_KEYS = Set.of("id", "uuid", "guid", "object", "type", "role", "status",
            "created", "timestamp", "url", "uri", "href", "index", "seed", "severity", "category", "probability",
            "signature", "modality", "mimetype", "encoding", "language", "lang", "finish", "servicetier", "date");
    private static final List<String> NEVER_SUFFIXES = List.of("reason", "version", "fingerprint", "url", "uri",
            "type", "status", "timestamp", "time");
    /** Arrays whose first element is where APIs put the (first) answer. */
    private static final Set<String> ANSWER_ARRAYS = Set.of("choices", "candidates", "generations", "results",
            "outputs", "output", "content", "parts", "data", "predictions", "completions", "responses");
    /** Per-token data: each string is a fragment of the answer, never the whole of it. */
    private static final Set<String> FRAGMENTS = Set.of("logprobs", "toplogprobs", "prefill", "tokens", "toptokens");
    private static final Set<String> SIDE_DATA = Set.of("meta", "metadata", "usage", "usagemetadata", "citations",
            "sources", "documents", "annotations", "debug", "timings", "details", "error", "errors", "warnings",
            "toolcalls", "functioncall", "tools", "reasoning", "thinking", "searchresults", "references");
    private static final Set<String> ROLE_VALUES = Set.of("assistant", "user", "system", "model", "tool",
            "developer", "human", "function", "ai", "bot", "chatbot");
    private static final Set<String> ANSWER_ROLES = Set.of("assistant", "model", "ai", "bot", "chatbot");
    private static final Set<String> ASKING_ROLES = Set.of("user", "system", "developer", "human");

    /** Raw-key spellings of ids and instants: request_id, modelId, created_at, createdAt. */
    private static final Pattern ID_OR_INSTANT_KEY = Pattern.compile("(?:^|[_.-])(?:id|at)$|[a-z0-9](?:Id|ID|At)$");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HEX = Pattern.compile("(?:0x)?[0-9a-fA-F]{16,}");
    /** chatcmpl-9x8Y..., msg_01XF..., resp_67cc...: a short prefix, a separator and a run with digits. */
    private static final Pattern PREFIXED_ID = Pattern.compile("[A-Za-z]{2,16}[-_][A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}.*");
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S+");
    private static final Pattern WORDS = Pattern.compile("\\p{L}\\s++\\p{L}");
    private static final Pattern CODE = Pattern.compile("[A-Z0-9_]+|[a-z0-9]+(?:[_-][a-z0-9]+)+");

    private TextScorer() {
    }

    /** @param prompt the prompt that was sent, stripped of surrounding white space; null when unknown */
    static double score(Frame leaf, String value, String prompt) {
        String v = value.strip();
        if (v.isEmpty() || v.equals(prompt) || isNeverKey(leaf) || looksLikeMachineValue(v) || isRequestData(leaf)) {
            return NEVER;
        }
        String role = nearestRole(leaf);
        if (role != null && ASKING_ROLES.contains(role)) {
            return NEVER;
        }
        double roleScore = role != null && ANSWER_ROLES.contains(role) ? 2 : 0;
        return keyScore(leaf.name()) + arrayScore(leaf) + roleScore + siblingTypeScore(leaf) + sideDataScore(leaf)
                + valueScore(v) + echoScore(v, prompt) - 0.1 * leaf.depth();
    }

    private static boolean isNeverKey(Frame leaf) {
        String name = leaf.name();
        return leaf.key() != null && (NEVER_KEYS.contains(name) || name.startsWith("model") || Keys.isEcho(name)
                || Keys.endsWithAny(name, NEVER_SUFFIXES) || ID_OR_INSTANT_KEY.matcher(leaf.key()).find());
    }

    private static boolean looksLikeMachineValue(String v) {
        if (ROLE_VALUES.contains(v.toLowerCase(Locale.ROOT))) {
            return true;
        }
        if (v.length() > 200 || v.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        return UUID.matcher(v).matches() || HEX.matcher(v).matches() || INSTANT.matcher(v).matches()
                || URL.matcher(v).matches() || (v.length() >= 12 && PREFIXED_ID.matcher(v).matches());
    }

    /** Inside an echoed request (prompt, settings) or per-token data. */
    private static boolean isRequestData(Frame leaf) {
        for (Frame f = leaf.parent(); f != null && f.key() != null; f = f.parent()) {
            if (!f.isElement() && (Keys.isEcho(f.name()) || FRAGMENTS.contains(f.name()))) {
                return true;
            }
        }
        return false;
    }

    /** The role of the nearest enclosing object that has one: the message the string belongs to. */
    private static String nearestRole(Frame leaf) {
        for (Frame f = leaf.parent(); f != null; f = f.parent()) {
            JsonNode role = f.node().path("role");
            if (role.isTextual()) {
                return role.textValue().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static double keyScore(String name) {
        double score = ANSWER_KEYS.contains(name) ? 4 : Keys.containsAny(name, ANSWER_PARTS) ? 2 : 0;
        return Keys.containsAny(name, WEAK_PARTS) ? score - 2 : score;
    }

    /** First elements of answer arrays (choices[0], parts[0]) gain, up to two of them; later elements lose. */
    private static double arrayScore(Frame leaf) {
        double first = 0;
        double later = 0;
        for (Frame f = leaf; f != null; f = f.parent()) {
            if (f.isElement() && f.index() == 0 && ANSWER_ARRAYS.contains(f.name())) {
                first += 1.5;
            } else if (f.isElement() && f.index() > 0) {
                later -= 1;
            }
        }
        return Math.min(first, 3) + later;
    }

    /** A content block that says it is text: {"type": "text", "text": ...}. */
    private static double siblingTypeScore(Frame leaf) {
        String type = leaf.parent() == null ? "" : Keys.normalize(leaf.parent().node().path("type").asText(""));
        return type.equals("text") || type.equals("outputtext") ? 1 : 0;
    }

    private static double sideDataScore(Frame leaf) {
        for (Frame f = leaf.parent(); f != null; f = f.parent()) {
            String name = f.name();
            if (SIDE_DATA.contains(name) || name.contains("filter") || name.contains("safety")) {
                return -3;
            }
        }
        return 0;
    }

    /** Longer natural language scores higher; short codes such as STOP or end_turn lower. */
    private static double valueScore(String v) {
        double score = Math.min(3, 1.2 * Math.log10(1 + v.length()));
        if (WORDS.matcher(v).find()) {
            return score + 1;
        }
        return CODE.matcher(v).matches() ? score - 1 : score;
    }

    /**
     * A string holding the whole prompt is usually an echo, yet some servers (text-generation-inference with
     * return_full_text) answer with prompt plus continuation; so it sinks below any plausible answer rather than
     * being ruled out.
     */
    private static double echoScore(String v, String prompt) {
        return prompt != null && prompt.length() >= ECHO_MIN_PROMPT && v.contains(prompt) ? -6 : 0;
    }
}
