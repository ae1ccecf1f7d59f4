package dev.modelport.adapter.detect;

import java.util.List;

/**
 * What {@link PathDetector} found in one response.
 *
 * @param outputPath JSONPath of the answer text, null when no string could be the answer
 * @param inputTokensPath JSONPath of the input (prompt) token count, null when the response has none
 * @param outputTokensPath JSONPath of the output (completion) token count, null when the response has none
 * @param confidence how sure the detector is of outputPath, from 0 (nothing found) to 1
 * @param candidates the runner-up answer paths after outputPath, best first, at most five
 * @param inputTokensCandidates and {@code outputTokensCandidates}: the runner-ups of the token count paths
 */
public record Detection(String outputPath, String inputTokensPath, String outputTokensPath, double confidence,
        List<Candidate> candidates, List<Candidate> inputTokensCandidates, List<Candidate> outputTokensCandidates) {

    public Detection {
        candidates = List.copyOf(candidates);
        inputTokensCandidates = List.copyOf(inputTokensCandidates);
        outputTokensCandidates = List.copyOf(outputTokensCandidates);
    }

    /** A detection without runner-ups (fixed paths, or a response with nothing to choose between). */
    public Detection(String outputPath, String inputTokensPath, String outputTokensPath, double confidence,
            List<Candidate> candidates) {
        this(outputPath, inputTokensPath, outputTokensPath, confidence, candidates, List.of(), List.of());
    }
}
