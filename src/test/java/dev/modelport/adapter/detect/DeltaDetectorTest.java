package dev.modelport.adapter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaDetectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DeltaDetector detector = new DeltaDetector();

    private static List<JsonNode> events(String... events) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String event : events) {
            parsed.add(JSON.readTree(event));
        }
        return parsed;
    }

    @Test
    void shouldFindTgiTokenTextNotTheFinalGeneratedText() throws Exception {
        assertThat(detector.detect(events(
                "{\"token\":{\"id\":1,\"text\":\"Hel\",\"special\":false},\"generated_text\":null}",
                "{\"token\":{\"id\":2,\"text\":\"lo\",\"special\":false},\"generated_text\":null}",
                "{\"token\":{\"id\":3,\"text\":\"!\",\"special\":false},\"generated_text\":\"Hello!\","
                        + "\"details\":{\"finish_reason\":\"eos_token\"}}"))).isEqualTo("$.token.text");
    }

    @Test
    void shouldFindOllamaResponseNotTheTimestampsOrTheModelName() throws Exception {
        assertThat(detector.detect(events(
                "{\"model\":\"llama3\",\"created_at\":\"2026-12-06T12:00:00Z\",\"response\":\"Bon\",\"done\":false}",
                "{\"model\":\"llama3\",\"created_at\":\"2026-12-06T12:00:01Z\",\"response\":\"jour\",\"done\":false}",
                "{\"model\":\"llama3\",\"created_at\":\"2026-12-06T12:00:02Z\",\"response\":\"\",\"done\":true}")))
                .isEqualTo("$.response");
    }

    @Test
    void shouldFindOpenAiDeltasAndNothingWithoutStrings() throws Exception {
        assertThat(detector.detect(events(
                "{\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}",
                "{\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\" there\"}}]}")))
                .isEqualTo("$.choices[0].delta.content");
        assertThat(detector.detect(events("{\"n\": 1}", "{\"n\": 2}"))).isNull();
    }
}
