package dev.modelport.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads Kubernetes manifests: YAML (several documents per file) or JSON, files or whole folders, and List kinds. */
public final class ManifestReader {

    /** One object of a manifest file; index is the 1-based position of its document in the file. */
    public record Document(Path file, int index, JsonNode object) {
    }

    /** The YAML mapper of the package: manifests, and the CRD shipped in the application. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ManifestReader() {
    }

    /** The manifest files at path: the file itself, or every .yaml, .yml and .json file below a folder, sorted. */
    public static List<Path> files(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .toList();
        }
    }

    /** The objects of one file, with List kinds expanded into their items. */
    public static List<Document> read(Path file) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            int index = 0;
            while (iterator.hasNext()) {
                JsonNode node = iterator.next();
                index++;
                if (node == null || !node.isObject()) {
                    continue;
                }
                if (node.path("kind").asText().endsWith("List") && node.path("items").isArray()) {
                    for (JsonNode item : node.get("items")) {
                        documents.add(new Document(file, index, item));
                    }
                } else {
                    documents.add(new Document(file, index, node));
                }
            }
        }
        return documents;
    }
}
