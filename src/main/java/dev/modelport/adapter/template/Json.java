package dev.modelport.adapter.template;

import com.fasterxml.jackson.databind.JsonNode;

/** Writes JSON text for template values without reflection or an intermediate tree walk per call site. */
final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** Appends s escaped for the inside of a JSON string literal (RFC 8259), without the quotes. */
    static void appendEscaped(StringBuilder out, CharSequence s) {
        int length = s.length();
        int start = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            String replacement;
            if (c == '"') {
                replacement = "\\\"";
            } else if (c == '\\') {
                replacement = "\\\\";
            } else if (c >= 0x20 && c != 0x2028 && c != 0x2029) {
                continue;
            } else {
                replacement = switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    default -> null;
                };
            }
            out.append(s, start, i);
            if (replacement != null) {
                out.append(replacement);
            } else {
                out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(s, start, length);
    }

    /** Appends a value as a JSON literal; a missing value is null. */
    static void appendLiteral(StringBuilder out, JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            out.append("null");
        } else if (value.isTextual()) {
            out.append('"');
            appendEscaped(out, value.textValue());
            out.append('"');
        } else if (value.isNumber() || value.isBoolean()) {
            out.append(value.asText());
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendLiteral(out, value.get(i));
            }
            out.append(']');
        } else if (value.isObject()) {
            out.append('{');
            boolean first = true;
            for (var fields = value.fields(); fields.hasNext();) {
                var field = fields.next();
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append('"');
                appendEscaped(out, field.getKey());
                out.append("\":");
                appendLiteral(out, field.getValue());
            }
            out.append('}');
        } else {
            out.append('"');
            appendEscaped(out, value.asText());
            out.append('"');
        }
    }

    /** Appends a value as text inside a JSON string: strings as they are, other values as their JSON text. */
    static void appendText(StringBuilder out, JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return;
        }
        if (value.isTextual()) {
            appendEscaped(out, value.textValue());
        } else if (value.isNumber() || value.isBoolean()) {
            out.append(value.asText());
        } else {
            StringBuilder literal = new StringBuilder();
            appendLiteral(literal, value);
            appendEscaped(out, literal);
        }
    }
}
