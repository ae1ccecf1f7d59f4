package dev.modelport.adapter.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.modelport.adapter.JsonBodies;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A JSON request body with {{variable}} placeholders, parsed once. Parsing follows the JSON lexical structure, so
 * each placeholder knows whether it stands inside a string literal (inserts escaped text) or as a whole value
 * (inserts a JSON literal). Rendering is one linear pass over the pre-split segments; inserted values are never
 * scanned for placeholders again.
 */
public final class BodyTemplate {

    /** Strict: one JSON value and nothing after it. */
    static final ObjectReader JSON = JsonBodies.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String source;
    /** Literal text between placeholders: literals.length == placeholders.length + 1. */
    private final String[] literals;
    private final Placeholder[] placeholders;

    private BodyTemplate(String source, String[] literals, Placeholder[] placeholders) {
        this.source = source;
        this.literals = literals;
        this.placeholders = placeholders;
    }

    /**
     * Parses a template and checks that it renders valid JSON whatever the values are: every whole-value
     * placeholder is tried as null and every in-string placeholder as empty text.
     */
    public static BodyTemplate parse(String source) throws TemplateException {
        List<String> literals = new ArrayList<>();
        List<Placeholder> placeholders = new ArrayList<>();
        boolean inString = false;
        int line = 1;
        int lineStart = 0;
        int literalStart = 0;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '{' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                int end = placeholderEnd(source, i);
                if (end > 0) {
                    String name = source.substring(i + 2, end - 2).strip();
                    literals.add(source.substring(literalStart, i));
                    placeholders.add(new Placeholder(name, inString, line, i - lineStart + 1));
                    i = end;
                    literalStart = end;
                    continue;
                }
            }
            if (inString && c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"') {
                inString = !inString;
            } else if (c == '\n') {
                line++;
                lineStart = i + 1;
            }
            i++;
        }
        literals.add(source.substring(literalStart));
        BodyTemplate template = new BodyTemplate(source, literals.toArray(String[]::new),
                placeholders.toArray(Placeholder[]::new));
        template.checkJson();
        return template;
    }

    /** The end (exclusive) of a placeholder starting at start, or -1 when the braces hold no identifier. */
    private static int placeholderEnd(String source, int start) {
        int i = start + 2;
        while (i < source.length() && source.charAt(i) == ' ') {
            i++;
        }
        int nameStart = i;
        while (i < source.length() && isIdentifierChar(source.charAt(i), i == nameStart)) {
            i++;
        }
        if (i == nameStart) {
            return -1;
        }
        while (i < source.length() && source.charAt(i) == ' ') {
            i++;
        }
        return source.startsWith("}}", i) ? i + 2 : -1;
    }

    private static boolean isIdentifierChar(char c, boolean first) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
    }

    private void checkJson() throws TemplateException {
        StringBuilder rendered = new StringBuilder(source.length());
        // Offsets of each segment in the rendered text and in the source, to report errors at source positions.
        int[] renderedStarts = new int[literals.length * 2];
        int[] sourceStarts = new int[literals.length * 2];
        int sourceOffset = 0;
        for (int k = 0; k < literals.length; k++) {
            renderedStarts[2 * k] = rendered.length();
            sourceStarts[2 * k] = sourceOffset;
            rendered.append(literals[k]);
            sourceOffset += literals[k].length();
            if (k < placeholders.length) {
                renderedStarts[2 * k + 1] = rendered.length();
                sourceStarts[2 * k + 1] = sourceOffset;
                rendered.append(placeholders[k].inString() ? "" : "null");
                sourceOffset = placeholderEnd(source, sourceOffset);
            } else {
                renderedStarts[2 * k + 1] = Integer.MAX_VALUE;
                sourceStarts[2 * k + 1] = sourceOffset;
            }
        }
        try {
            if (JSON.readTree(rendered.toString()).isMissingNode()) {
                throw new TemplateException("no JSON value", lineOf(source.length()), columnOf(source.length()));
            }
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            int renderedOffset = location == null ? rendered.length() : (int) Math.max(0, location.getCharOffset());
            int segment = 0;
            while (segment + 1 < renderedStarts.length && renderedStarts[segment + 1] <= renderedOffset) {
                segment++;
            }
            int offset = sourceStarts[segment] + (segment % 2 == 0 ? renderedOffset - renderedStarts[segment] : 0);
            offset = Math.min(offset, source.length());
            throw new TemplateException("not valid JSON (" + e.getOriginalMessage() + ")",
                    lineOf(offset), columnOf(offset));
        }
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private int columnOf(int offset) {
        int lineStart = source.lastIndexOf('\n', offset - 1) + 1;
        return offset - lineStart + 1;
    }

    /** Whether text is exactly one JSON value, as every rendered body must be. */
    public static boolean isJson(String text) {
        try {
            return !JSON.readTree(text).isMissingNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The placeholders in order of appearance. */
    public List<Placeholder> placeholders() {
        return List.of(placeholders);
    }

    /** The distinct variable names used, in order of first appearance. */
    public Set<String> variableNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Placeholder placeholder : placeholders) {
            names.add(placeholder.name());
        }
        return names;
    }

    /**
     * Renders the body. values returns a variable's value or null when it has none: null renders as null for a
     * whole value and as empty text inside a string.
     */
    public String render(Function<String, JsonNode> values) {
        StringBuilder out = new StringBuilder(source.length() + 64);
        for (int k = 0; k < placeholders.length; k++) {
            out.append(literals[k]);
            Placeholder placeholder = placeholders[k];
            JsonNode value = values.apply(placeholder.name());
            if (placeholder.inString()) {
                Json.appendText(out, value);
            } else {
                Json.appendLiteral(out, value);
            }
        }
        out.append(literals[placeholders.length]);
        return out.toString();
    }

    public String source() {
        return source;
    }
}
