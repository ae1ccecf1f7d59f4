package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A path detection considered and ranked below its pick. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PathCandidate {

    @JsonPropertyDescription("The JSON path.")
    public String path;

    @JsonPropertyDescription("How sure the detection would be of it, from 0 to 1 (below the pick's).")
    public Double confidence;

    public static PathCandidate of(String path, double confidence) {
        PathCandidate candidate = new PathCandidate();
        candidate.path = path;
        candidate.confidence = confidence;
        return candidate;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathCandidate that && Objects.equals(path, that.path)
                && Objects.equals(confidence, that.confidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, confidence);
    }
}
