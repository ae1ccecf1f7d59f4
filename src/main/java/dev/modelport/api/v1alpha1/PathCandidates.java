package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/**
 * The detection's runner-ups for each path, best first, so that a wrong pick can be corrected from
 * {@code kubectl get -o yaml} alone: copy a candidate into spec.configuration.custom.response.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PathCandidates {

    @JsonPropertyDescription("Other paths that could hold the answer text.")
    @Size(max = 5)
    public List<PathCandidate> outputPath;

    @JsonPropertyDescription("Other paths that could hold the input token count.")
    @Size(max = 5)
    public List<PathCandidate> inputTokensPath;

    @JsonPropertyDescription("Other paths that could hold the output token count.")
    @Size(max = 5)
    public List<PathCandidate> outputTokensPath;

    @Override
    public boolean equals(Object other) {
        return other instanceof PathCandidates that && Objects.equals(outputPath, that.outputPath)
                && Objects.equals(inputTokensPath, that.inputTokensPath)
                && Objects.equals(outputTokensPath, that.outputTokensPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outputPath, inputTokensPath, outputTokensPath);
    }
}
