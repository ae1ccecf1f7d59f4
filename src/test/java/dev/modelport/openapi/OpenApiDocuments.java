package dev.modelport.openapi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The documents the import tests read: the fixtures in the repository, written for the tests, and the real published
 * documents in {@code ../shared/openapi/} beside the project. A fresh clone (CI) has no {@code ../shared}: the tests
 * of the real documents are then skipped, saying so; where the folder exists, a missing document fails them.
 */
final class OpenApiDocuments {

    static final Path TGI_FIXTURE = Path.of("src/test/resources/openapi/tgi.openapi.json");
    static final Path COHERE_FIXTURE = Path.of("src/test/resources/openapi/cohere.openapi.yaml");
    static final Path SHARED = Path.of("../shared/openapi");

    private OpenApiDocuments() {
    }

    static Path realTgi() {
        return real("text-generation-inference.openapi.json");
    }

    static Path realCohere() {
        return real("cohere.openapi.yaml");
    }

    private static Path real(String name) {
        Assumptions.assumeTrue(Files.isDirectory(SHARED), () -> SHARED.toAbsolutePath().normalize()
                + " does not exist (a fresh clone): the tests of the real documents need it; the fixtures' run");
        Path file = SHARED.resolve(name);
        assertTrue(Files.isRegularFile(file), () -> file.toAbsolutePath().normalize() + " is missing from "
                + SHARED.toAbsolutePath().normalize());
        return file;
    }
}
