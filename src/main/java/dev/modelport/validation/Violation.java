package dev.modelport.validation;

/** One problem with a manifest: the field path (e.g. spec.headers[1].name) and what is wrong with it. */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
