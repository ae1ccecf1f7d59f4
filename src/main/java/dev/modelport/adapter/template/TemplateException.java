package dev.modelport.adapter.template;

/** A body template that cannot be parsed or that would not render valid JSON; line and column are 1-based. */
public final class TemplateException extends Exception {

    private final int line;
    private final int column;

    public TemplateException(String problem, int line, int column) {
        super(problem + " at line " + line + ", column " + column);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
