package dev.modelport.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the CRD's x-kubernetes-validations rules with the CEL engine for Java, the way the API server does:
 * each rule runs with self bound to the value at its schema node, only where that value is present. All rules are
 * compiled once, when this object is built.
 */
public final class CelRules {

    /** A rule of the schema, compiled. */
    private record Rule(String message, String fieldPath, CelRuntime.Program program) {
    }

    private final Cel cel = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .build();
    private final JsonNode schema;
    private final Map<JsonNode, List<Rule>> rules = new IdentityHashMap<>();

    public CelRules(JsonNode openApiV3Schema) {
        this.schema = openApiV3Schema;
        compileAll(openApiV3Schema);
    }

    /** The number of rules in the schema. */
    public int size() {
        return rules.values().stream().mapToInt(List::size).sum();
    }

    private void compileAll(JsonNode node) {
        if (node.has("x-kubernetes-validations")) {
            List<Rule> compiled = new ArrayList<>();
            for (JsonNode rule : node.get("x-kubernetes-validations")) {
                String expression = rule.path("rule").asText();
                try {
                    compiled.add(new Rule(rule.path("message").asText(),
                            rule.path("fieldPath").asText(""),
                            cel.createProgram(cel.compile(expression).getAst())));
                } catch (CelValidationException | CelEvaluationException e) {
                    throw new IllegalStateException("CRD rule does not compile: " + expression, e);
                }
            }
            rules.put(node, compiled);
        }
        node.path("properties").forEach(this::compileAll);
        if (node.has("items")) {
            compileAll(node.get("items"));
        }
        if (node.path("additionalProperties").isObject()) {
            compileAll(node.get("additionalProperties"));
        }
    }

    /** Evaluates every rule on the spec and status of an object. */
    public List<Violation> validate(JsonNode object) {
        List<Violation> problems = new ArrayList<>();
        schema.path("properties").fields().forEachRemaining(property -> {
            if (object.has(property.getKey())) {
                walk(property.getKey(), property.getValue(), object.get(property.getKey()), problems);
            }
        });
        return problems;
    }

    private void walk(String path, JsonNode schema, JsonNode value, List<Violation> problems) {
        if (value == null || value.isNull()) {
            return;
        }
        List<Rule> here = rules.get(schema);
        if (here != null) {
            Object self = toCel(value);
            for (Rule rule : here) {
                evaluate(rule, path, self, problems);
            }
        }
        if (value.isObject()) {
            value.fields().forEachRemaining(field -> {
                JsonNode child = schema.path("properties").get(field.getKey());
                if (child == null && schema.path("additionalProperties").isObject()) {
                    child = schema.get("additionalProperties");
                }
                if (child != null) {
                    walk(path + "." + field.getKey(), child, field.getValue(), problems);
                }
            });
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                walk(path + "[" + i + "]", schema.get("items"), value.get(i), problems);
            }
        }
    }

    private static void evaluate(Rule rule, String path, Object self, List<Violation> problems) {
        String field = path + rule.fieldPath();
        try {
            Object result = rule.program().eval(Map.of("self", self));
            if (!Boolean.TRUE.equals(result)) {
                problems.add(new Violation(field, rule.message()));
            }
        } catch (CelEvaluationException e) {
            // The API server reports a rule it cannot evaluate (usually a value of the wrong type) as invalid.
            problems.add(new Violation(field, "rule could not be evaluated (" + rule.message() + ")"));
        }
    }

    /** Converts JSON to the values CEL works with: maps, lists, strings, longs, doubles and booleans. */
    static Object toCel(JsonNode value) {
        if (value.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            value.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    map.put(field.getKey(), toCel(field.getValue()));
                }
            });
            return map;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.asText();
    }
}
