package dev.modelport.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which request property carries the prompt and which the system prompt, by name and description (or the prompt by
 * {@code --prompt-field}). The prompt is a string property, at the top or in a nested object, or a chat
 * {@code messages} array whose items have a role and a content; the system prompt only a top-level string.
 */
final class PromptFields {

    /** A property by its dotted path from the body's root, and whether it is a chat messages array. */
    record Field(String path, boolean messages) {
    }

    private static final Map<String, Integer> PROMPT_NAMES = Map.of("prompt", 5, "inputs", 4, "input", 4,
            "text", 3, "query", 3, "question", 3, "message", 3, "content", 2);
    private static final Set<String> SYSTEM_NAMES = Set.of("system", "system_prompt", "systemprompt",
            "instructions", "preamble");
    private static final int MAX_DEPTH = 3;

    private final Schemas schemas;
    private final String where;

    PromptFields(Schemas schemas, String where) {
        this.schemas = schemas;
        this.where = where;
    }

    Field prompt(Schemas.Resolved body, String named) throws ImportException {
        List<Scored> candidates = new ArrayList<>();
        collect(body, "", 0, candidates);
        if (named != null) {
            return candidates.stream().filter(c -> c.field.path().equals(named)).findFirst()
                    .map(Scored::field)
                    .orElseThrow(() -> new ImportException("--prompt-field: " + named + " is not a string property "
                            + "or a messages array of " + where + " (candidates: " + paths(candidates) + ")"));
        }
        return candidates.stream().filter(c -> c.score > 0)
                .max(java.util.Comparator.comparingInt(Scored::score)
                        .thenComparing(c -> -c.field.path().length()))
                .map(Scored::field)
                .orElseThrow(() -> new ImportException(where + ": no property looks like the prompt; name it with "
                        + "--prompt-field (string properties: " + paths(candidates) + ")"));
    }

    /** The top-level string property for the system prompt, or null. */
    String system(Schemas.Resolved body, Field prompt) throws ImportException {
        for (Map.Entry<String, Schemas.Resolved> property : schemas.properties(body, where).entrySet()) {
            Schemas.Resolved resolved = property.getValue();
            String name = property.getKey().toLowerCase(Locale.ROOT);
            String description = lower(resolved.schema().getDescription());
            boolean systemLike = SYSTEM_NAMES.contains(name) || description.contains("system prompt")
                    || description.contains("system message");
            if (systemLike && "string".equals(resolved.type()) && !property.getKey().equals(prompt.path())) {
                return property.getKey();
            }
        }
        return null;
    }

    private record Scored(Field field, int score) {
    }

    private void collect(Schemas.Resolved object, String prefix, int depth, List<Scored> out)
            throws ImportException {
        if (depth >= MAX_DEPTH) {
            return;
        }
        var required = schemas.required(object, where);
        for (Map.Entry<String, Schemas.Resolved> property : schemas.properties(object, where).entrySet()) {
            String path = prefix + property.getKey();
            Schemas.Resolved resolved = property.getValue();
            String type = resolved.type();
            String name = property.getKey().toLowerCase(Locale.ROOT);
            int bonus = (required.contains(property.getKey()) ? 1 : 0) - depth;
            if ("string".equals(type) && resolved.schema().getEnum() == null) {
                String description = lower(resolved.schema().getDescription());
                int score = PROMPT_NAMES.getOrDefault(name, 0)
                        + (description.contains("prompt") || description.contains("input text") ? 1 : 0);
                out.add(new Scored(new Field(path, false), score > 0 ? score + bonus : 0));
            } else if ("array".equals(type) && isMessages(resolved)) {
                out.add(new Scored(new Field(path, true), 4 + bonus));
            } else if ("object".equals(type)) {
                collect(resolved, path + ".", depth + 1, out);
            }
        }
    }

    /** An array whose items (or the first of their alternatives) have a role and a content. */
    private boolean isMessages(Schemas.Resolved array) throws ImportException {
        if (array.schema().getItems() == null) {
            return false;
        }
        Schemas.Resolved items = schemas.firstAlternative(schemas.items(array, where), where);
        var properties = schemas.properties(items, where);
        return properties.containsKey("role") && properties.containsKey("content");
    }

    private static String paths(List<Scored> candidates) {
        return candidates.isEmpty() ? "none" : String.join(", ", candidates.stream().map(c -> c.field.path())
                .toList());
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
