package dev.modelport.adapter.provider;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.JsonBodies;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** What the provider structures share: request writing, the option allow-list, token counts and error objects. */
final class ProviderJson {

    /** Only trees pass through it, so it never reflects over a class per call. */
    static final ObjectMapper MAPPER = JsonBodies.MAPPER;

    /** Error types and codes are identifiers; anything else might be echoed input (a key), so it is left out. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    private static final int MAX_KEY_IN_MESSAGE = 64;

    private ProviderJson() {
    }

    /** Writes one request body with a streaming generator. */
    interface BodyWriter {
        void write(JsonGenerator out) throws IOException;
    }

    static String write(BodyWriter body) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator out = MAPPER.createGenerator(text)) {
            body.write(out);
        } catch (IOException e) {
            // A StringWriter does not fail; this is a bug, not a call failure.
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The JSON type a generation option must have. */
    enum OptionKind {
        NUMBER("a number"),
        INTEGER("an integer"),
        COUNT("a positive integer"),
        STRING("a string"),
        STOP("a string or a list of strings"),
        OBJECT("an object");

        private final String description;

        OptionKind(String description) {
            this.description = description;
        }

        boolean accepts(JsonNode value) {
            return switch (this) {
                case NUMBER -> value.isNumber();
                case INTEGER -> value.isIntegralNumber() && value.canConvertToLong();
                case COUNT -> value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > 0;
                case STRING -> value.isTextual();
                case STOP -> value.isTextual() || value.isArray() && allText(value);
                case OBJECT -> value.isObject();
            };
        }

        private static boolean allText(JsonNode array) {
            for (JsonNode item : array) {
                if (!item.isTextual()) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The invocation's options checked against a structure's allow-list, in their order; a null value means the
     * endpoint's default and is dropped. Unknown keys are refused rather than passed on, so an option can never
     * change the shape of the answer the structure has to read.
     */
    static Map<String, JsonNode> options(JsonNode options, Map<String, OptionKind> allowed) throws AdapterException {
        if (options == null || options.isNull() || options.isMissingNode()) {
            return Map.of();
        }
        if (!options.isObject()) {
            throw DeclaredFeatures.invalid("options must be a JSON object");
        }
        Map<String, JsonNode> accepted = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> option : options.properties()) {
            String key = option.getKey();
            OptionKind kind = allowed.get(key);
            if (kind == null) {
                throw DeclaredFeatures.invalid("option " + shortened(key) + " is not supported; supported options: "
                        + String.join(", ", new TreeSet<>(allowed.keySet())));
            }
            JsonNode value = option.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!kind.accepts(value)) {
                throw DeclaredFeatures.invalid("option " + key + " must be " + kind.description);
            }
            accepted.put(key, value);
        }
        return accepted;
    }

    private static String shortened(String key) {
        return key.length() <= MAX_KEY_IN_MESSAGE ? key : key.substring(0, MAX_KEY_IN_MESSAGE) + "...";
    }

    /** A token count, or null when it is missing, null, not an integer or negative: unknown is never 0. */
    static Long count(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            return null;
        }
        return value.longValue();
    }

    /** A field's text, or null when it is missing or not a string. */
    static String text(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** Parses the data of one server-sent event; its text never goes into the message. */
    static JsonNode readEvent(String data) throws AdapterException {
        if (data == null) {
            throw new AdapterException(FailureCategory.InvalidJson, "a stream event has no data");
        }
        try {
            JsonNode event = MAPPER.readTree(data);
            if (event == null || !event.isObject()) {
                throw new AdapterException(FailureCategory.InvalidJson, "a stream event is not a JSON object");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new AdapterException(FailureCategory.InvalidJson, "a stream event is not JSON");
        }
    }

    /**
     * An endpoint's error object as a failure naming only the identifying fields given, never the upstream
     * message: it can echo the request, headers included.
     */
    static AdapterException upstreamError(JsonNode error, String... fields) {
        StringBuilder message = new StringBuilder("endpoint answered with an error");
        String separator = ": ";
        for (String field : fields) {
            JsonNode value = error.get(field);
            if (value != null && (value.isTextual() || value.isIntegralNumber())
                    && IDENTIFIER.matcher(value.asText()).matches()) {
                message.append(separator).append(field).append(' ').append(value.asText());
                separator = ", ";
            }
        }
        return new AdapterException(FailureCategory.UpstreamError, message.toString());
    }
}
