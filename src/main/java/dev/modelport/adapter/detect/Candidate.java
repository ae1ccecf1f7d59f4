package dev.modelport.adapter.detect;

/** A JSONPath that could hold the answer text, with the score the detector gave it (higher is likelier). */
public record Candidate(String path, double score) {
}
