package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DetectedPaths {

    @JsonPropertyDescription("Detected JSON path to the answer text.")
    public String outputPath;

    @JsonPropertyDescription("Detected JSON path to the input token count, when the response has one.")
    public String inputTokensPath;

    @JsonPropertyDescription("Detected JSON path to the output token count, when the response has one.")
    public String outputTokensPath;

    @JsonPropertyDescription("Detected JSON path to the text of each streamed event, when spec.test.stream is "
            + "true.")
    public String deltaPath;

    @JsonPropertyDescription("How sure the detection is of outputPath, from 0 to 1.")
    public Double confidence;

    @JsonPropertyDescription("The detection's runner-ups for each path, best first, at most five each, with their "
            + "confidence: a wrong pick can be corrected from kubectl get -o yaml alone.")
    public PathCandidates candidates;

    @Override
    public boolean equals(Object other) {
        return other instanceof DetectedPaths that && Objects.equals(outputPath, that.outputPath)
                && Objects.equals(inputTokensPath, that.inputTokensPath)
                && Objects.equals(outputTokensPath, that.outputTokensPath)
                && Objects.equals(deltaPath, that.deltaPath) && Objects.equals(confidence, that.confidence)
                && Objects.equals(candidates, that.candidates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outputPath, inputTokensPath, outputTokensPath, deltaPath, confidence, candidates);
    }
}
