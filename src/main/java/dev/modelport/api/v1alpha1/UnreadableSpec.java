package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A spec this version cannot read: nothing but the problem, written back exactly as it was read, so that a copy made
 * by serializing (the operator SDK clones every resource it hands to the reconciler) is just as unreadable.
 */
final class UnreadableSpec extends ExternalModelSpec {

    private final JsonNode raw;

    UnreadableSpec(JsonNode raw, String problem) {
        this.raw = raw;
        this.unreadable = problem;
    }

    @JsonValue
    JsonNode raw() {
        return raw;
    }
}
