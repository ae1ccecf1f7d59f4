package dev.modelport.adapter.custom;

/**
 * Which JSON paths may read an answer: member and index steps, wildcards, and at most one filter, with neither a
 * deep scan nor a regular expression. A deep scan ({@code $..x}, {@code $..*}) materialises every node of the answer,
 * and a regular expression can backtrack without end: on a 5 MB answer {@code $..*} took seconds and gigabytes per
 * request. The paths allowed here read an answer in at most a pass per step.
 */
public final class ResponsePathRule {

    private ResponsePathRule() {
    }

    /** Why the path may not be used, or null when it may. Quoted member names are not looked into. */
    public static String problem(String path) {
        String code = withoutQuotedNames(path);
        if (code.contains("..")) {
            return "must not scan the whole answer (..): name the members and indexes, e.g. $.result.text";
        }
        if (code.contains("=~")) {
            return "must not match regular expressions (=~)";
        }
        if (code.indexOf("[?(") != code.lastIndexOf("[?(")) {
            return "may hold one filter [?(...)] at most";
        }
        return null;
    }

    /** The path with the text of quoted names blanked out, so that a name like 'a..b' is not mistaken for a scan. */
    private static String withoutQuotedNames(String path) {
        StringBuilder code = new StringBuilder(path.length());
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                    code.append(c);
                } else {
                    code.append('_');
                }
            } else {
                if (c == '\'' || c == '"') {
                    quote = c;
                }
                code.append(c);
            }
        }
        return code.toString();
    }
}
