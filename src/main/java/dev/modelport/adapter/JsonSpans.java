package dev.modelport.adapter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * Edits of a JSON body that leave the rest of its bytes as they are: where a top-level string field's value lies,
 * found with the streaming parser (no tree), and the body with that value replaced. What a pass-through needs to
 * change one field of a body it forwards.
 */
public final class JsonSpans {

    private JsonSpans() {
    }

    /** Where a value lies in a body: from start (inclusive) to end (exclusive), a string's quotes included. */
    public record Span(int start, int end) {
    }

    /**
     * The span of the given top-level field's value when the body is one JSON object in UTF-8 whose field is a
     * string; empty otherwise (also when the field is repeated, or the body is not valid JSON). Byte offsets.
     */
    public static Optional<Span> topLevelString(byte[] body, String field) {
        try (JsonParser in = JsonBodies.MAPPER.createParser(body)) {
            return topLevelString(in, field, false);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@link #topLevelString(byte[], String)} of a text: char offsets. */
    public static Optional<Span> topLevelString(String json, String field) {
        try (JsonParser in = JsonBodies.MAPPER.createParser(json)) {
            return topLevelString(in, field, true);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Span> topLevelString(JsonParser in, String field, boolean chars) throws IOException {
        if (in.nextToken() != JsonToken.START_OBJECT) {
            return Optional.empty();
        }
        Span found = null;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            boolean wanted = field.equals(in.currentName());
            JsonToken value = in.nextToken();
            if (!wanted) {
                in.skipChildren();
                continue;
            }
            if (value != JsonToken.VALUE_STRING || found != null) {
                return Optional.empty();
            }
            found = chars ? charSpan(in) : stringSpan(in);
        }
        if (in.currentToken() != JsonToken.END_OBJECT || in.nextToken() != null || found == null
                || found.start() < 0) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    /**
     * The span of the string value the parser is on, in bytes; a negative start when the parser does not count
     * bytes (a body that is not UTF-8).
     */
    public static Span stringSpan(JsonParser in) throws IOException {
        int start = (int) in.currentTokenLocation().getByteOffset();
        in.finishToken();
        return new Span(start, (int) in.currentLocation().getByteOffset());
    }

    private static Span charSpan(JsonParser in) throws IOException {
        int start = (int) in.currentTokenLocation().getCharOffset();
        in.finishToken();
        return new Span(start, (int) in.currentLocation().getCharOffset());
    }

    /**
     * The body with the span's bytes replaced by the given value and, at {@code at} (not before the span's end), the
     * given bytes inserted.
     */
    public static byte[] splice(byte[] body, Span span, byte[] value, int at, byte[] inserted) {
        byte[] out = new byte[body.length - (span.end() - span.start()) + value.length + inserted.length];
        System.arraycopy(body, 0, out, 0, span.start());
        int next = span.start();
        System.arraycopy(value, 0, out, next, value.length);
        next += value.length;
        System.arraycopy(body, span.end(), out, next, at - span.end());
        next += at - span.end();
        System.arraycopy(inserted, 0, out, next, inserted.length);
        next += inserted.length;
        System.arraycopy(body, at, out, next, body.length - at);
        return out;
    }

    /** The text with the span replaced by the given value. */
    public static String splice(String json, Span span, String value) {
        return new StringBuilder(json.length() + value.length()).append(json, 0, span.start()).append(value)
                .append(json, span.end(), json.length()).toString();
    }

    /** The text as a JSON string literal, quotes included. */
    public static String quoted(String text) {
        try {
            return JsonBodies.MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            // Writing a string does not fail; this is a bug.
            throw new IllegalStateException(e);
        }
    }
}
