package dev.modelport.adapter.detect;

import java.util.List;
import java.util.Set;

/**
 * Scores an integer leaf as the input or the output token count. The key says the direction (prompt, input,
 * completion, eval...) and that it counts tokens; a bare "in"/"input" counts only inside a usage-like container, and a
 * bare "tokenCount" takes its direction from the array around it (Bedrock Titan's results[0].tokenCount).
 */
final class CountScorer {

    enum Direction { INPUT, OUTPUT }

    record Count(Direction direction, double score) {
    }

    /** Input words are tried first: prompt_eval_count is an input count although Ollama's eval_count is output. */
    private static final List<String> INPUT_WORDS = List.of("prompt", "input", "evaluated");
    private static final List<String> OUTPUT_WORDS = List.of("completion", "output", "candidate", "generat",
            "predicted", "response");
    private static final Set<String> BARE_INPUT = Set.of("in", "input", "inputs", "prompt");
    private static final Set<String> BARE_OUTPUT = Set.of("out", "output", "outputs", "completion");
    private static final Set<String> OUTPUT_ARRAYS = Set.of("results", "generations", "candidates", "choices",
            "outputs", "output", "completions");
    /** Totals, parts of a count (cached, reasoning...), and limits or timings that merely mention tokens. */
    private static final List<String> NOT_A_COUNT = List.of("total", "cache", "reasoning", "audio", "image", "video",
            "thought", "tool", "accepted", "rejected", "per", "duration", "time", "limit", "max", "remaining",
            "budget", "detail", "search", "cost", "price");
    private static final Set<String> CONTAINERS = Set.of("usage", "usagemetadata", "meta", "metadata", "billedunits",
            "tokens", "tokenusage", "usageinfo", "stats", "metrics", "counts", "tokencounts");

    private CountScorer() {
    }

    /** Null when the leaf is no token count, or one that must not be picked (totals, cached parts). */
    static Count score(Frame leaf) {
        String name = leaf.name();
        if (leaf.key() == null || leaf.isElement() || Keys.containsAny(name, NOT_A_COUNT)) {
            return null;
        }
        Direction direction = direction(name);
        boolean tokens = name.contains("token") || (direction != null && name.endsWith("count"));
        Frame parent = leaf.parent();
        double base;
        if (direction != null && tokens) {
            base = 10;
        } else if (isBare(name, direction) && CONTAINERS.contains(parent.name())) {
            base = 8;
        } else if (direction == null && tokens) {
            direction = enclosingDirection(parent);
            base = 6;
        } else {
            return null;
        }
        double around = surroundings(parent);
        if (direction == null || Double.isNaN(around)) {
            return null;
        }
        return new Count(direction, base + around - 0.1 * leaf.depth());
    }

    private static Direction direction(String name) {
        if (name.equals("in") || Keys.containsAny(name, INPUT_WORDS)) {
            return Direction.INPUT;
        }
        // "eval" only as a prefix: retrieval_tokens holds it too.
        if (name.equals("out") || name.startsWith("eval") || Keys.containsAny(name, OUTPUT_WORDS)) {
            return Direction.OUTPUT;
        }
        return null;
    }

    private static boolean isBare(String name, Direction direction) {
        return direction == Direction.INPUT ? BARE_INPUT.contains(name)
                : direction == Direction.OUTPUT && BARE_OUTPUT.contains(name);
    }

    private static Direction enclosingDirection(Frame parent) {
        for (Frame f = parent; f != null && f.key() != null; f = f.parent()) {
            if (OUTPUT_ARRAYS.contains(f.name())) {
                return Direction.OUTPUT;
            }
            Direction direction = direction(f.name());
            if (direction != null) {
                return direction;
            }
        }
        return null;
    }

    /**
     * Bonus for usage-like containers, most for the direct parent; NaN inside echoed settings (max_tokens of a
     * request) and inside breakdowns of another count (prompt_tokens_details.cached_tokens).
     */
    private static double surroundings(Frame parent) {
        double bonus = CONTAINERS.contains(parent.name()) ? 1 : 0;
        boolean contained = false;
        boolean billed = false;
        for (Frame f = parent; f != null && f.key() != null; f = f.parent()) {
            boolean container = CONTAINERS.contains(f.name());
            if (Keys.isEcho(f.name()) || (!container && f.name().contains("token"))) {
                return Double.NaN;
            }
            contained |= container;
            billed |= f.name().contains("billed");
        }
        return bonus + (contained ? 2 : 0) - (billed ? 1 : 0);
    }
}
