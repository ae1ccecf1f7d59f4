package dev.modelport.adapter;

/**
 * Text from outside put into an error message: a caller's input (a model id, a role, a variable name) or an
 * endpoint's own error message. It is cut, so a hostile value cannot make an answer as large as itself, and has no
 * control, format or line separator characters, so a message shown in a terminal or copied into a log cannot forge
 * lines or reorder text.
 */
public final class EchoedText {

    /** The most characters of a caller's input an error message repeats. */
    public static final int CALLER_LIMIT = 100;

    /** The most characters of an endpoint's error message the gateway passes on. */
    public static final int UPSTREAM_LIMIT = 500;

    private static final String CUT = "…";

    private EchoedText() {
    }

    /** A caller's input as an error message repeats it. */
    public static String caller(String text) {
        return of(text, CALLER_LIMIT);
    }

    /**
     * At most {@code limit} characters (code points, the mark of a cut included), each unprintable one replaced by
     * a space.
     */
    public static String of(String text, int limit) {
        String value = String.valueOf(text);
        StringBuilder out = new StringBuilder(Math.min(value.length(), limit * 2));
        int kept = 0;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (kept == limit - 1 && i < value.length()) {
                return out.append(CUT).toString();
            }
            out.appendCodePoint(printable(c) ? c : ' ');
            kept++;
        }
        return out.toString();
    }

    private static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> false;
            default -> true;
        };
    }
}
