package dev.modelport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strategic merge patch, the patch kubectl sends for built-in kinds ({@code kubectl apply} of a Secret, {@code
 * kubectl patch} without {@code --type}): a JSON merge patch in which a few lists merge element by element instead
 * of being replaced, plus the directives {@code $patch} (replace or delete an object or list element), {@code
 * $retainKeys} and {@code $deleteFromPrimitiveList/<list>}. {@code $setElementOrder/<list>} only orders a list;
 * here the stored order is kept and new elements are appended.
 */
final class StrategicMergePatch {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String DIRECTIVE = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    /**
     * The merging lists of the built-in kinds this server stores (Namespace, Secret, Service, ConfigMap, Event,
     * Lease), by their path, with the key that identifies an element; an empty key: a list of strings merged as a
     * set. Every other list is replaced.
     */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "/metadata/finalizers", "",
            "/metadata/ownerReferences", "uid",
            "/spec/ports", "port",
            "/status/conditions", "type");

    private StrategicMergePatch() {
    }

    /** The target with the patch applied; neither is modified. */
    static JsonNode apply(JsonNode target, ObjectNode patch) {
        return mergeObject(target, patch, "");
    }

    /** null: the object is deleted ({@code $patch: delete}). */
    private static ObjectNode mergeObject(JsonNode target, ObjectNode patch, String path) {
        String directive = patch.path(DIRECTIVE).asText("merge");
        if (directive.equals("delete")) {
            return null;
        }
        ObjectNode result = target instanceof ObjectNode object && !directive.equals("replace") ? object.deepCopy()
                : JSON.objectNode();
        if (patch.get(RETAIN_KEYS) instanceof ArrayNode retained) {
            List<String> keys = new ArrayList<>();
            retained.forEach(key -> keys.add(key.asText()));
            result.retain(keys);
        }
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String name = field.getKey();
            if (name.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                String list = name.substring(DELETE_FROM_PRIMITIVE_LIST.length());
                if (result.get(list) instanceof ArrayNode values) {
                    ArrayNode kept = JSON.arrayNode();
                    values.forEach(value -> {
                        if (!contains(field.getValue(), value)) {
                            kept.add(value);
                        }
                    });
                    result.set(list, kept);
                }
            } else if (!name.startsWith("$")) {
                JsonNode merged = merge(result.get(name), field.getValue(), path + "/" + name);
                if (merged == null) {
                    result.remove(name);
                } else {
                    result.set(name, merged);
                }
            }
        }
        return result;
    }

    private static JsonNode merge(JsonNode target, JsonNode patch, String path) {
        if (patch.isNull()) {
            return null;
        }
        if (patch instanceof ObjectNode object) {
            return mergeObject(target, object, path);
        }
        String key = MERGE_KEYS.get(path);
        if (patch instanceof ArrayNode list && key != null) {
            return key.isEmpty() ? union(target, list) : mergeList(target, list, key, path);
        }
        return patch.deepCopy();
    }

    private static ArrayNode union(JsonNode target, ArrayNode patch) {
        ArrayNode result = target instanceof ArrayNode values ? values.deepCopy() : JSON.arrayNode();
        patch.forEach(value -> {
            if (!contains(result, value)) {
                result.add(value);
            }
        });
        return result;
    }

    private static ArrayNode mergeList(JsonNode target, ArrayNode patch, String key, String path) {
        boolean replace = false;
        for (JsonNode element : patch) {
            replace |= element.path(DIRECTIVE).asText().equals("replace");
        }
        ArrayNode result = target instanceof ArrayNode elements && !replace ? elements.deepCopy()
                : JSON.arrayNode();
        for (JsonNode element : patch) {
            String directive = element.path(DIRECTIVE).asText("merge");
            JsonNode id = element.get(key);
            if (directive.equals("delete")) {
                for (int i = result.size() - 1; i >= 0; i--) {
                    if (result.get(i).path(key).equals(id)) {
                        result.remove(i);
                    }
                }
            } else if (directive.equals("merge") && element instanceof ObjectNode object) {
                int index = indexOf(result, key, id);
                if (index < 0) {
                    result.add(mergeObject(null, object, path));
                } else {
                    result.set(index, mergeObject(result.get(index), object, path));
                }
            }
        }
        return result;
    }

    private static int indexOf(ArrayNode elements, String key, JsonNode id) {
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i).path(key).equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
