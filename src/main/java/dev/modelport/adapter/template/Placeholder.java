package dev.modelport.adapter.template;

/**
 * A {{name}} in a body template. Inside a JSON string it inserts escaped text; standing as a whole JSON value it
 * inserts a JSON literal. Line and column (1-based) point at the opening braces.
 */
public record Placeholder(String name, boolean inString, int line, int column) {
}
