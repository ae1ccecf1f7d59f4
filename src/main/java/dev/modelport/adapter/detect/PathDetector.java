package dev.modelport.adapter.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.detect.CountScorer.Count;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finds where an LLM HTTP API puts the answer text and the token counts, from one parsed response body and the
 * prompt that produced it. One walk over the tree scores every string as a possible answer ({@link TextScorer}) and
 * every non-negative integer as a possible token count ({@link CountScorer}); the best of each wins.
 *
 * <p>The result depends only on the tree's content, not on the order of its keys: ties go to the shorter path, then to
 * the lexicographically smaller one. Stateless, so one instance may serve any number of threads.
 */
public final class PathDetector {

    private static final int RUNNERS_UP = 5;
    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score).reversed()
            .thenComparingInt((Candidate c) -> c.path().length()).thenComparing(Candidate::path);

    /** The fixed paths of an OpenAI Chat Completions response. */
    public static Detection openAiChatCompletions() {
        return known("$.choices[0].message.content", "$.usage.prompt_tokens", "$.usage.completion_tokens");
    }

    /** The fixed paths of an Anthropic Messages response. */
    public static Detection anthropicMessages() {
        return known("$.content[0].text", "$.usage.input_tokens", "$.usage.output_tokens");
    }

    private static Detection known(String output, String inputTokens, String outputTokens) {
        return new Detection(output, inputTokens, outputTokens, 1.0, List.of());
    }

    /**
     * @param response the parsed response body; null is treated as an empty one
     * @param prompt the prompt that was sent, or null; strings equal to it are never the answer
     */
    public Detection detect(JsonNode response, String prompt) {
        Findings findings = new Findings(prompt == null ? null : prompt.strip());
        if (response != null) {
            findings.walk(Frame.root(response));
        }
        return findings.detection();
    }

    /**
     * Grows with a path's score and with its lead over its strongest rival: a weak or contested winner stays low, and
     * a runner-up (no lead over the winner) gets at most half.
     */
    private static double confidence(double score, double rival) {
        double strength = 1 - Math.exp(-score / 6);
        double lead = Math.max(0, Math.min(1, (score - Math.max(rival, 0)) / 4));
        return strength * (0.5 + 0.5 * lead);
    }

    /** The candidates after the first (the pick), at most five, each with its confidence against the pick. */
    private static List<Candidate> runnersUp(List<Candidate> sorted) {
        return sorted.stream().skip(1).limit(RUNNERS_UP).map(c -> new Candidate(c.path(), c.score(),
                round(confidence(c.score(), sorted.get(0).score())))).toList();
    }

    private static double round(double confidence) {
        return Math.round(confidence * 100) / 100.0;
    }

    /** Everything one detection collects; lives for one call only. */
    private static final class Findings {

        private final String prompt;
        private final List<Candidate> texts = new ArrayList<>();
        private final List<Candidate> inputs = new ArrayList<>();
        private final List<Candidate> outputs = new ArrayList<>();

        Findings(String prompt) {
            this.prompt = prompt;
        }

        void walk(Frame frame) {
            JsonNode node = frame.node();
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    walk(frame.field(field.getKey(), field.getValue()));
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(frame.element(i, node.get(i)));
                }
            } else if (node.isTextual()) {
                double score = TextScorer.score(frame, node.textValue(), prompt);
                if (score > 0) {
                    texts.add(new Candidate(frame.path(), score));
                }
            } else if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
                Count count = CountScorer.score(frame);
                if (count != null) {
                    (count.direction() == CountScorer.Direction.INPUT ? inputs : outputs)
                            .add(new Candidate(frame.path(), count.score()));
                }
            }
        }

        Detection detection() {
            texts.sort(BEST_FIRST);
            inputs.sort(BEST_FIRST);
            outputs.sort(BEST_FIRST);
            double confidence = 0;
            if (!texts.isEmpty()) {
                double runnerUp = texts.size() > 1 ? texts.get(1).score() : 0;
                confidence = confidence(texts.get(0).score(), runnerUp);
            }
            return new Detection(best(texts), best(inputs), best(outputs), confidence, runnersUp(texts),
                    runnersUp(inputs), runnersUp(outputs));
        }

        private static String best(List<Candidate> sorted) {
            return sorted.isEmpty() ? null : sorted.get(0).path();
        }
    }
}
