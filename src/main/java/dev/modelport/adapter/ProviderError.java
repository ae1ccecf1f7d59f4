package dev.modelport.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The error object of an endpoint's error answer, in OpenAI's shape ({@code {"error": {"message", "type", "code",
 * "param"}}}) or Anthropic's ({@code {"type": "error", "error": {"type", "message"}}}): what a caller of the
 * gateway is told of a 4xx. The type and code are kept only when they are identifiers, the message is cut to
 * {@link EchoedText#UPSTREAM_LIMIT} characters without control characters. Each part may be null.
 *
 * <p>toString leaves the message out: it is the endpoint's text, which may repeat the request, and is never
 * logged.
 */
public record ProviderError(String type, String code, String message) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    /** The error object of an error answer's body, if it has one of the two shapes. */
    public static Optional<ProviderError> parse(byte[] body) {
        JsonNode error;
        try {
            // Read only as a tree, so no class is reflected over per call.
            error = JsonBodies.MAPPER.readTree(body).path("error");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (!error.isObject()) {
            return Optional.empty();
        }
        ProviderError parsed = new ProviderError(identifier(error.get("type")), identifier(error.get("code")),
                error.path("message").isTextual()
                        ? EchoedText.of(error.get("message").textValue(), EchoedText.UPSTREAM_LIMIT) : null);
        return parsed.type == null && parsed.code == null && parsed.message == null ? Optional.empty()
                : Optional.of(parsed);
    }

    /** Whether any part contains one of the values, such as the credentials the request carried. */
    public boolean mentionsAny(Collection<String> values) {
        return Stream.of(type, code, message).anyMatch(part -> part != null
                && values.stream().anyMatch(value -> !value.isEmpty() && part.contains(value)));
    }

    private static String identifier(JsonNode value) {
        if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
            return null;
        }
        return IDENTIFIER.matcher(value.asText()).matches() ? value.asText() : null;
    }

    @Override
    public String toString() {
        return "ProviderError[type=" + type + ", code=" + code + "]";
    }
}
