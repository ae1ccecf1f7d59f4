package dev.modelport.upstream;

/** A header to send upstream with its value resolved (possibly from a Secret): toString never shows the value. */
public record ResolvedHeader(String name, String value) {

    @Override
    public String toString() {
        return "ResolvedHeader[" + name + "]";
    }
}
