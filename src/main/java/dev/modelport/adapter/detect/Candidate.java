package dev.modelport.adapter.detect;

/**
 * A JSONPath that could hold the answer text or a token count, with the score the detector gave it (higher is
 * likelier) and, for a runner-up, how sure the detector would be of it (0 to 1; 0 while it is only scored).
 */
public record Candidate(String path, double score, double confidence) {

    Candidate(String path, double score) {
        this(path, score, 0);
    }
}
