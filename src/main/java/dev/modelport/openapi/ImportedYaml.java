package dev.modelport.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.modelport.api.v1alpha1.AuthorizationType;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * YAML text with comments, line by line: Jackson's YAML writer renders the scalars (quoting what needs it), this
 * class the structure, since no YAML writer of Jackson keeps comments.
 */
final class ImportedYaml {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));
    private static final int WIDTH = 118;

    private final StringBuilder text = new StringBuilder();

    /** {@code key: value} at the indent, value rendered as a YAML scalar; nothing for a null value. */
    ImportedYaml field(int indent, String key, Object value) {
        if (value != null) {
            line(indent, key + ": " + scalar(value));
        }
        return this;
    }

    /** {@code key:} opening a nested block. */
    ImportedYaml block(int indent, String key) {
        return line(indent, key + ":");
    }

    /** {@code key: |} and the text, each line indented one level deeper. */
    ImportedYaml literal(int indent, String key, String value) {
        line(indent, key + ": |");
        value.lines().forEach(l -> line(indent + 2, l));
        return this;
    }

    /** A comment, wrapped at the line width. */
    ImportedYaml comment(int indent, String comment) {
        String prefix = " ".repeat(indent) + "# ";
        StringBuilder current = new StringBuilder();
        for (String word : comment.split(" ")) {
            if (current.length() > 0 && prefix.length() + current.length() + 1 + word.length() > WIDTH) {
                text.append(prefix).append(current).append('\n');
                current.setLength(0);
                word = "  " + word;
            }
            current.append(current.length() > 0 ? " " : "").append(word);
        }
        text.append(prefix).append(current).append('\n');
        return this;
    }

    /** A comment line per entry, as a list. */
    ImportedYaml commentList(int indent, String title, List<String> entries) {
        if (!entries.isEmpty()) {
            comment(indent, title);
            entries.forEach(entry -> comment(indent, "- " + entry));
        }
        return this;
    }

    ImportedYaml line(int indent, String line) {
        text.append(" ".repeat(indent)).append(line).append('\n');
        return this;
    }

    /** The Secret the authorization profile reads, as comments, so that applying the file never replaces one. */
    ImportedYaml secretSkeleton(AuthorizationPlan auth, String name, String namespace) {
        if (auth.type() == AuthorizationType.None) {
            return this;
        }
        comment(0, "The Secret the authorization reads, commented out so that applying this file never overwrites "
                + "real credentials: uncomment it with the values, or create it with kubectl create secret generic "
                + name + String.join("", auth.secretKeys().stream().map(k -> " --from-literal=" + k + "=...").toList())
                + " and label it "
                + "modelport.dev/credentials=true.");
        line(0, "# apiVersion: v1");
        line(0, "# kind: Secret");
        line(0, "# metadata:");
        line(0, "#   name: " + name);
        if (namespace != null) {
            line(0, "#   namespace: " + namespace);
        }
        line(0, "#   labels:");
        line(0, "#     modelport.dev/credentials: \"true\"   # Modelport uses only Secrets with this label");
        line(0, "# type: Opaque");
        line(0, "# stringData:");
        auth.secretKeys().forEach(key -> line(0, "#   " + key + ": replace-with-the-" + key));
        return this;
    }

    static String scalar(Object value) {
        if (value instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(ImportedYaml::scalar).toList()) + "]";
        }
        try {
            return YAML.writeValueAsString(value instanceof String s ? TextNode.valueOf(s) : value).strip();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
