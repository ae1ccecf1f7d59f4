package dev.modelport.adapter.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.JsonBodies;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Simple paths are compiled for json-path only when a tree is read; what they read does not change. */
class PathReaderTest {

    private static final String BODY = "{\"result\":{\"text\":\"pong\",\"parts\":[\"a\",\"b\"]},\"usage\":{\"in\":3}}";

    private static JsonNode[] both(PathReader reader) throws Exception {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        JsonNode[] streamed = reader.read(bytes);
        JsonNode[] onTree = reader.read(JsonBodies.MAPPER.readTree(bytes));
        assertThat(Arrays.stream(onTree).map(PathReaderTest::shown)).as("the tree, read with the paths compiled then")
                .containsExactlyElementsOf(Arrays.stream(streamed).map(PathReaderTest::shown).toList());
        return onTree;
    }

    /** A value as a caller sees it: absent (null, JSON null or missing) or its text. */
    private static String shown(JsonNode value) {
        return PathReader.present(value) ? PathReader.text(value) : "absent";
    }

    @Test
    void shouldReadSimplePathsTheSameFromBytesAndFromATree() throws Exception {
        PathReader reader = new PathReader(List.of("output", "input tokens", "absent", "none"),
                Arrays.asList("$.result.text", "$['usage']['in']", "$.result.parts[5]", null));

        JsonNode[] values = both(reader);

        assertThat(values[0].asText()).isEqualTo("pong");
        assertThat(values[1].asLong()).isEqualTo(3);
        assertThat(PathReader.present(values[2])).isFalse();
        assertThat(values[3]).isNull();
    }

    @Test
    void shouldReadOtherPathsOnTheTree() throws Exception {
        PathReader reader = new PathReader(List.of("output"), List.of("$.result.parts[*]"));

        assertThat(reader.read(BODY.getBytes(StandardCharsets.UTF_8))[0].asText()).isEqualTo("a");
    }

    @Test
    void shouldRefuseAnInvalidPathWhenMadeSimpleOrNot() {
        assertThatThrownBy(() -> new PathReader(List.of("output"), List.of("$.result[?(@.x")))
                .isInstanceOf(AdapterException.class).hasMessage("the output path is not a valid JSON path");
        assertThatThrownBy(() -> new PathReader(List.of("output", "input tokens"), List.of("$.ok", "$..text")))
                .isInstanceOf(AdapterException.class).hasMessageStartingWith("the input tokens path must not scan");
    }
}
