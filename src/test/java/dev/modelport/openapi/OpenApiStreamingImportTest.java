package dev.modelport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming imports (TGI generate_stream over SSE, Cohere generate with an NDJSON stream and {{stream}}) accepted
 * by the validator as printed: they use custom.streaming, {{stream}} and spec.test.stream of issue 14 point 2.
 */
class OpenApiStreamingImportTest {

    static Stream<Arguments> operations() {
        return Stream.of(Arguments.of("TGI fixture", OpenApiDocuments.TGI_FIXTURE, "generate_stream"),
                Arguments.of("TGI", null, "generate_stream"),
                Arguments.of("Cohere fixture", OpenApiDocuments.COHERE_FIXTURE, "generate"),
                Arguments.of("Cohere", null, "generate"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("operations")
    void shouldBeAcceptedAsPrinted(String name, Path fixture, String operation) throws Exception {
        Path document = fixture != null ? fixture
                : name.startsWith("TGI") ? OpenApiDocuments.realTgi() : OpenApiDocuments.realCohere();
        JsonNode spec = OpenApiImportTest.valid(OpenApiImportTest.run(document, operation, "https://llm.example.com"))
                .path("spec");
        assertThat(spec.path("configuration").path("custom").path("streaming").path("deltaPath").asText())
                .isIn("$.token.text", "$.text");
        assertThat(spec.path("test").path("stream").asBoolean()).isTrue();
    }
}
