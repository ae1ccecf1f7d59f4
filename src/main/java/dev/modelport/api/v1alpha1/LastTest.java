package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.time.Instant;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class LastTest {

    @JsonPropertyDescription("When the test ran (RFC 3339).")
    @Rfc3339
    @SchemaFrom(type = String.class)
    public Instant time;

    @JsonPropertyDescription("How long the test call took, in milliseconds.")
    public Long durationMillis;

    @JsonPropertyDescription("HTTP status of the endpoint's response; absent when no response arrived.")
    public Integer httpStatus;

    @JsonPropertyDescription("The start of the model's answer to the sample prompt, at most 200 characters.")
    public String outputSample;

    @JsonPropertyDescription("Input tokens reported by the endpoint; absent when unknown.")
    public Long inputTokens;

    @JsonPropertyDescription("Output tokens reported by the endpoint; absent when unknown.")
    public Long outputTokens;

    @JsonPropertyDescription("Digest of what the test ran with: the spec generation and the values of the "
            + "referenced Secrets. A change of either runs the test again.")
    public String inputsHash;

    @JsonPropertyDescription("The value of the modelport.dev/retest annotation the test ran for; setting the "
            + "annotation to a new value runs the test again, once.")
    public String retestRequest;

    @Override
    public boolean equals(Object other) {
        return other instanceof LastTest that && Objects.equals(time, that.time)
                && Objects.equals(durationMillis, that.durationMillis) && Objects.equals(httpStatus, that.httpStatus)
                && Objects.equals(outputSample, that.outputSample) && Objects.equals(inputTokens, that.inputTokens)
                && Objects.equals(outputTokens, that.outputTokens) && Objects.equals(inputsHash, that.inputsHash)
                && Objects.equals(retestRequest, that.retestRequest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, durationMillis, httpStatus, outputSample, inputTokens, outputTokens, inputsHash,
                retestRequest);
    }
}
