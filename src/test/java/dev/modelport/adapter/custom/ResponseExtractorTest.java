package dev.modelport.adapter.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ModelResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The streaming read of simple paths gives exactly what json-path gives on the tree. */
class ResponseExtractorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/detection"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void shouldReadEveryCorpusShapeTheSameWayStreamingAndOnTheTree(Path file) throws Exception {
        JsonNode sample = JSON.readTree(file.toFile());
        JsonNode expected = sample.path("expected");
        String output = expected.path("outputPath").textValue();
        String input = expected.path("inputTokensPath").textValue();
        String outputTokens = expected.path("outputTokensPath").textValue();
        assertThat(SimplePath.parse(output)).as("%s is a simple path", output).isNotNull();
        ResponseExtractor extractor = new ResponseExtractor(output, input, outputTokens);
        byte[] body = JSON.writeValueAsBytes(sample.path("response"));
        ModelResponse streamed = extractor.extract(body);
        assertThat(streamed).isEqualTo(extractor.extract(sample.path("response")));
        assertThat(streamed.output()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\": {\"text\": \"x\", \"n\": 3}, \"z\": [1, {\"q\": 2}]}",
        "{\"a\": {\"text\": \"first\"}, \"a\": {\"text\": \"last\", \"n\": 9}}",
        "{\"a\": {\"text\": {\"nested\": [1, 2]}, \"n\": 12.5}}",
        "{\"a\": {\"text\": 7, \"n\": null}}",
        "{\"a\": [\"not\", \"an\", \"object\"]}",
        "[{\"a\": {\"text\": \"root array\"}}]"})
    void shouldMatchJsonPathOnEdgeShapes(String body) throws Exception {
        for (List<String> paths : List.of(List.of("$.a.text", "$.a.n"), List.of("$[0].a.text", "$.a.n"),
                List.of("$.a", "$.a.n"), List.of("$['a']['text']", "$.z[1].q"))) {
            ResponseExtractor extractor = new ResponseExtractor(paths.get(0), paths.get(1), null);
            assertThat(outcome(() -> extractor.extract(body.getBytes(StandardCharsets.UTF_8))))
                    .as("%s on %s", paths, body)
                    .isEqualTo(outcome(() -> extractor.extract(JSON.readTree(body))));
        }
    }

    @Test
    void shouldFallBackToJsonPathForWildcardsAndFilters() throws Exception {
        assertThat(SimplePath.parse("$.choices[*].text")).isNull();
        assertThat(SimplePath.parse("$..text")).isNull();
        assertThat(SimplePath.parse("$.a[?(@.b)]")).isNull();
        ResponseExtractor extractor = new ResponseExtractor("$.choices[*].text",
                "$.meta.counts[?(@.kind == 'in')].n", null);
        ModelResponse response = extractor.extract(("{\"choices\": [{\"text\": \"one\"}], "
                + "\"meta\": {\"counts\": [{\"kind\": \"out\", \"n\": 1}, {\"kind\": \"in\", \"n\": 4}]}}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(response.output()).isEqualTo("one");
        assertThat(response.usage().inputTokens()).isEqualTo(4L);
    }

    /** A deep scan or a regular expression reads a large answer in time and memory without bound. */
    @ParameterizedTest
    @ValueSource(strings = {"$..text", "$..*", "$.a..b", "$.c[?(@.t =~ /(a+)+$/)].x", "$.a[?(@.b)].c[?(@.d)]",
        "$.a[?(@..b)]"})
    void shouldRefusePathsWhoseCostGrowsBeyondAPassOverTheAnswer(String path) {
        assertThat(ResponsePathRule.problem(path)).isNotNull();
        assertThatThrownBy(() -> new ResponseExtractor(path, null, null))
                .isInstanceOfSatisfying(AdapterException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.InvalidInput));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.result.text", "$.choices[*].text", "$['a..b'].c", "$.content[?(@.type == 'text')].text",
        "$[0].generated_text"})
    void shouldAcceptMemberIndexWildcardAndOneFilterPaths(String path) {
        assertThat(ResponsePathRule.problem(path)).isNull();
    }

    @Test
    void shouldParseSimplePathsInDotAndBracketNotation() {
        assertThat(SimplePath.parse("$.choices[0].message.content").steps())
                .containsExactly("choices", 0, "message", "content");
        assertThat(SimplePath.parse("$['odd key'][\"x-y\"][12]").steps()).containsExactly("odd key", "x-y", 12);
        assertThat(SimplePath.parse("$").steps()).isEmpty();
        assertThat(SimplePath.parse("$.")).isNull();
        assertThat(SimplePath.parse("$[]")).isNull();
        assertThat(SimplePath.parse("$['unterminated")).isNull();
        assertThat(SimplePath.parse("choices")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\": ", "{\"text\": \"a\"} trailing", "", "not json"})
    void shouldRefuseMalformedBodiesAsInvalidJson(String body) throws Exception {
        ResponseExtractor extractor = new ResponseExtractor("$.text", null, null);
        assertThatThrownBy(() -> extractor.extract(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(AdapterException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.InvalidJson));
    }

    private interface Read {
        ModelResponse run() throws Exception;
    }

    /** The response, or the failure's category and message, so both reads can be compared whole. */
    private static Object outcome(Read read) {
        try {
            return read.run();
        } catch (AdapterException e) {
            return e.category() + ": " + e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
