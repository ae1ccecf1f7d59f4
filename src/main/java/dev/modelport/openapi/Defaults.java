package dev.modelport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.modelport.api.v1alpha1.VariableType;
import java.math.BigDecimal;

/**
 * A schema value (default or example) as a JSON value of a variable's type. Some generators write every default as
 * a string ({@code "default": "1024"}, {@code "false"}, {@code "null"}): such text is read as the declared type, and
 * {@code "null"} as no value.
 */
final class Defaults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Defaults() {
    }

    /** The value as the type, or null when absent, null or not of the type. */
    static JsonNode coerce(Object value, VariableType type) {
        if (value == null) {
            return null;
        }
        JsonNode node = value instanceof JsonNode json ? json : JSON.valueToTree(value);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual() && type != VariableType.String) {
            String text = node.textValue().strip();
            if (text.equals("null")) {
                return null;
            }
            if (type == VariableType.Boolean && (text.equals("true") || text.equals("false"))) {
                return BooleanNode.valueOf(Boolean.parseBoolean(text));
            }
            if (type == VariableType.Number) {
                try {
                    BigDecimal number = new BigDecimal(text);
                    return number.stripTrailingZeros().scale() <= 0
                            ? JsonNodeFactory.instance.numberNode(number.toBigIntegerExact())
                            : DecimalNode.valueOf(number);
                } catch (NumberFormatException | ArithmeticException e) {
                    return null;
                }
            }
        }
        if (node.isTextual() && type == VariableType.String && node.textValue().equals("null")) {
            return null;
        }
        return type.accepts(node) ? node : null;
    }
}
