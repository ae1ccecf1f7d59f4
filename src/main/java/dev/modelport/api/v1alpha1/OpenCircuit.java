package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import java.time.Instant;
import java.util.Objects;

/** A gateway replica whose circuit breaker for the model is open, as that replica reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OpenCircuit {

    @JsonPropertyDescription("The gateway replica (its pod name) that reports the open circuit; each replica writes "
            + "and removes only its own entry.")
    @Required
    public String replica;

    @JsonPropertyDescription("When the circuit opened (RFC 3339).")
    @Rfc3339
    @SchemaFrom(type = String.class)
    public Instant since;

    @JsonPropertyDescription("When the replica lets one trial call through (RFC 3339); until then it answers 503 "
            + "model_unavailable without calling the endpoint.")
    @Rfc3339
    @SchemaFrom(type = String.class)
    public Instant retryAt;

    @JsonPropertyDescription("The failure category of the call that opened the circuit, e.g. Timeout or HTTPStatus.")
    public String reason;

    @JsonPropertyDescription("What failed; never contains a credential or an upstream body.")
    public String message;

    @Override
    public boolean equals(Object other) {
        return other instanceof OpenCircuit that && Objects.equals(replica, that.replica)
                && Objects.equals(since, that.since) && Objects.equals(retryAt, that.retryAt)
                && Objects.equals(reason, that.reason) && Objects.equals(message, that.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(replica, since, retryAt, reason, message);
    }
}
