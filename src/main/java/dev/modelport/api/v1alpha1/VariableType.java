package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;

/** The declared type of a custom variable. */
public enum VariableType {
    String,
    Number,
    Boolean,
    JSON;

    /** Whether a JSON value is of this type; JSON accepts any value. */
    public boolean accepts(JsonNode value) {
        return switch (this) {
            case String -> value.isTextual();
            case Number -> value.isNumber();
            case Boolean -> value.isBoolean();
            case JSON -> true;
        };
    }
}
