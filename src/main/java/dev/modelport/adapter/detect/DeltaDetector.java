package dev.modelport.adapter.detect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds where the events of a streamed answer put the text each one adds: the string path whose values change
 * from event to event the most (a delta is new text each time, while a model name, an id or a final text repeat or
 * appear once), with a lead for the names endpoints give their deltas. Timestamps are never deltas. Ties go to the
 * shorter path, then to the lexicographically smaller one. Stateless.
 */
public final class DeltaDetector {

    private static final Set<String> DELTA_NAMES = Set.of("text", "content", "response", "delta", "token",
            "output", "completion", "chunk");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}.*");
    private static final double NAME_LEAD = 0.5;

    /** The delta path of the events (each a parsed event's JSON), or null when no string could be one. */
    public String detect(List<JsonNode> events) {
        Map<String, Set<String>> values = new TreeMap<>();
        Set<String> named = new HashSet<>();
        for (JsonNode event : events) {
            walk(Frame.root(event), values, named);
        }
        String best = null;
        double bestScore = 0;
        for (Map.Entry<String, Set<String>> path : values.entrySet()) {
            double score = (double) path.getValue().size() / events.size()
                    + (named.contains(path.getKey()) ? NAME_LEAD : 0);
            if (score > bestScore || (score == bestScore && best != null
                    && path.getKey().length() < best.length())) {
                best = path.getKey();
                bestScore = score;
            }
        }
        return best;
    }

    /** Collects each path's distinct non-empty strings, and the paths named as deltas are. */
    private static void walk(Frame frame, Map<String, Set<String>> values, Set<String> named) {
        JsonNode node = frame.node();
        if (node.isObject()) {
            node.properties().forEach(field -> walk(frame.field(field.getKey(), field.getValue()), values, named));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(frame.element(i, node.get(i)), values, named);
            }
        } else if (node.isTextual() && !node.textValue().isEmpty()
                && !TIMESTAMP.matcher(node.textValue()).matches()) {
            String path = frame.path();
            values.computeIfAbsent(path, ignored -> new HashSet<>()).add(node.textValue());
            if (DELTA_NAMES.contains(frame.name())) {
                named.add(path);
            }
        }
    }
}
