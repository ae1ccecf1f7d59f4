package dev.modelport.adapter.custom;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON path made only of member names and array indices ($.choices[0].message.content, $['odd key'][2]): the
 * paths real responses need, readable in one streaming pass without building a tree.
 */
record SimplePath(List<Object> steps) {

    /** The steps (String member names, Integer indices), or null when the path uses anything else. */
    static SimplePath parse(String path) {
        if (path == null || !path.startsWith("$")) {
            return null;
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && isNameChar(path.charAt(end))) {
                    end++;
                }
                if (end == i + 1) {
                    return null;
                }
                steps.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[' && i + 1 < path.length() && (path.charAt(i + 1) == '\'' || path.charAt(i + 1) == '"')) {
                char quote = path.charAt(i + 1);
                int end = path.indexOf(quote, i + 2);
                if (end < 0 || end + 1 >= path.length() || path.charAt(end + 1) != ']'
                        || path.substring(i + 2, end).indexOf('\\') >= 0) {
                    return null;
                }
                steps.add(path.substring(i + 2, end));
                i = end + 2;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0 || end == i + 1 || end - i > 10) {
                    return null;
                }
                for (int k = i + 1; k < end; k++) {
                    if (path.charAt(k) < '0' || path.charAt(k) > '9') {
                        return null;
                    }
                }
                steps.add(Integer.parseInt(path.substring(i + 1, end)));
                i = end + 1;
            } else {
                return null;
            }
        }
        return new SimplePath(List.copyOf(steps));
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c == '-' || c == '$' || Character.isLetterOrDigit(c);
    }
}
