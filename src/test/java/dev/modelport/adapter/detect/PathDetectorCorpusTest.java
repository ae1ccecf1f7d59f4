package dev.modelport.adapter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Detection on real response shapes of public LLM APIs (src/test/resources/detection, one file per shape). */
class PathDetectorCorpusTest {

    private static final PathDetector DETECTOR = new PathDetector();
    private static final Path TABLE = Path.of("target/detection-table.md");
    private static final Path DOC = Path.of("README.md");

    static List<CorpusSample> corpus() {
        return CorpusSample.all();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void shouldFindTheExpectedPaths(CorpusSample sample) {
        Detection detection = DETECTOR.detect(sample.response(), sample.prompt());

        assertThat(detection.outputPath()).as("outputPath").isEqualTo(sample.outputPath());
        assertThat(detection.inputTokensPath()).as("inputTokensPath").isEqualTo(sample.inputTokensPath());
        assertThat(detection.outputTokensPath()).as("outputTokensPath").isEqualTo(sample.outputTokensPath());
        assertThat(detection.confidence()).isBetween(0.0, 1.0);
        assertThat(detection.candidates()).hasSizeLessThanOrEqualTo(5);
        assertThat(DETECTOR.detect(sample.response(), sample.prompt())).as("second run").isEqualTo(detection);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void shouldReadBackTheAnswerAndIntegerCountsWithJsonPath(CorpusSample sample) {
        Detection detection = DETECTOR.detect(sample.response(), sample.prompt());
        String json = sample.responseText();

        Object output = JsonPath.read(json, detection.outputPath());
        assertThat(output).isInstanceOf(String.class);
        assertThat(((String) output).strip()).isNotEmpty().isNotEqualTo(sample.prompt().strip());
        for (String countPath : new String[] {detection.inputTokensPath(), detection.outputTokensPath()}) {
            if (countPath != null) {
                assertThat(JsonPath.<Object>read(json, countPath)).as(countPath)
                        .isInstanceOfAny(Integer.class, Long.class);
            }
        }
    }

    @Test
    void shouldCoverEnoughShapes() {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(18);
    }

    /** Writes the table of this run to target/, and keeps the copy in the README equal to it. */
    @Test
    void shouldDocumentTheTableThisRunProduces() throws IOException {
        String table = DetectionTable.markdown(corpus(), DETECTOR);
        Files.createDirectories(TABLE.getParent());
        Files.writeString(TABLE, table);
        assertThat(Files.readString(DOC))
                .as("the README's detection table is stale: copy target/detection-table.md into it")
                .contains(table);
    }
}
