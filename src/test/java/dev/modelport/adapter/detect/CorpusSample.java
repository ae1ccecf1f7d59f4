package dev.modelport.adapter.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** One file of src/test/resources/detection: a real API's response shape and the paths detection must find. */
record CorpusSample(String file, String source, String prompt, JsonNode response, String outputPath,
        String inputTokensPath, String outputTokensPath) {

    static final Path FOLDER = Path.of("src/test/resources/detection");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every sample, by file name, so runs and the table list them in the same order. */
    static List<CorpusSample> all() {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(CorpusSample::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CorpusSample read(Path file) {
        try {
            JsonNode json = MAPPER.readTree(file.toFile());
            JsonNode expected = json.path("expected");
            return new CorpusSample(file.getFileName().toString(), json.path("source").textValue(),
                    json.path("prompt").textValue(), json.path("response"), expected.path("outputPath").textValue(),
                    expected.path("inputTokensPath").textValue(), expected.path("outputTokensPath").textValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API's name: the source text before its documentation page. */
    String api() {
        int dash = source.indexOf(" — ");
        return dash < 0 ? source : source.substring(0, dash);
    }

    String responseText() {
        try {
            return MAPPER.writeValueAsString(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean matches(Detection detection) {
        return Objects.equals(outputPath, detection.outputPath())
                && Objects.equals(inputTokensPath, detection.inputTokensPath())
                && Objects.equals(outputTokensPath, detection.outputTokensPath());
    }

    @Override
    public String toString() {
        return file;
    }
}
