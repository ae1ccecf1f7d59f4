package dev.modelport.adapter.detect;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a node sits in the response. Frames link to their parent, so a leaf can render its JSONPath and scorers can
 * look at the keys and objects above it without the walk copying anything.
 *
 * @param key the nearest object key on the way down (an array element has its array's key), null at the root
 * @param index the array index that reached this node, or -1 when an object key did
 * @param name key reduced by {@link Keys#normalize}, "" at the root
 */
record Frame(Frame parent, String key, int index, String name, JsonNode node) {

    static Frame root(JsonNode node) {
        return new Frame(null, null, -1, "", node);
    }

    Frame field(String childKey, JsonNode child) {
        return new Frame(this, childKey, -1, Keys.normalize(childKey), child);
    }

    Frame element(int childIndex, JsonNode child) {
        return new Frame(this, key, childIndex, name, child);
    }

    boolean isElement() {
        return index >= 0;
    }

    /** Steps from the root: $.a[0].b has depth 3. */
    int depth() {
        int depth = 0;
        for (Frame f = parent; f != null; f = f.parent) {
            depth++;
        }
        return depth;
    }

    /** A definite JSONPath that json-path reads back to exactly this node. */
    String path() {
        StringBuilder out = new StringBuilder();
        appendPath(out);
        return out.toString();
    }

    private void appendPath(StringBuilder out) {
        if (parent == null) {
            out.append('$');
            return;
        }
        parent.appendPath(out);
        if (isElement()) {
            out.append('[').append(index).append(']');
        } else if (isIdentifier(key)) {
            out.append('.').append(key);
        } else {
            out.append("['");
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c == '\'' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append("']");
        }
    }

    /** ASCII identifiers only: anything else is safest in brackets. */
    private static boolean isIdentifier(String key) {
        if (key.isEmpty() || !(isLetter(key.charAt(0)) || key.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(isLetter(c) || c == '_' || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
