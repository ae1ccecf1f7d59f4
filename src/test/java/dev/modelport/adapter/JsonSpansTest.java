package dev.modelport.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonSpansTest {

    @Test
    void findsATopLevelStringFieldsValueQuotesIncluded() {
        byte[] body = bytes("{\"choices\":[{\"model\":\"nested\"}], \"model\" : \"gpt-\\u00e9\" ,\"x\":{\"model\":1}}");
        JsonSpans.Span span = JsonSpans.topLevelString(body, "model").orElseThrow();

        assertThat(new String(body, span.start(), span.end() - span.start(), StandardCharsets.UTF_8))
                .isEqualTo("\"gpt-\\u00e9\"");
    }

    @Test
    void findsNothingWhereTheFieldIsMissingRepeatedOrNotAStringOrTheBodyIsNotOneObject() {
        for (String text : new String[] {"{\"id\":\"x\"}", "{\"model\":\"a\",\"model\":\"b\"}", "{\"model\":null}",
            "{\"model\":[\"a\"]}", "[{\"model\":\"a\"}]", "{\"model\":\"a\"} {}", "{\"model\":\"a\"", "nope"}) {
            assertThat(JsonSpans.topLevelString(bytes(text), "model")).as(text).isEmpty();
        }
    }

    @Test
    void splicesAValueAndInsertsBytesLeavingTheRestAsItIs() {
        byte[] body = bytes("{\"model\": \"a\", \"n\": 1.50 }");
        JsonSpans.Span span = JsonSpans.topLevelString(body, "model").orElseThrow();

        assertThat(text(JsonSpans.splice(body, span, bytes(JsonSpans.quoted("ns/\"b\"")), body.length - 2,
                bytes(",\"x\":true")))).isEqualTo("{\"model\": \"ns/\\\"b\\\"\", \"n\": 1.50,\"x\":true }");
        assertThat(text(JsonSpans.splice(body, span, bytes("\"c\""), span.end(), new byte[0])))
                .isEqualTo("{\"model\": \"c\", \"n\": 1.50 }");
    }

    @Test
    void findsAndSplicesInATextByItsCharacters() {
        String json = "{\"text\":\"caf\u00e9 \u2014\",\"model\":\"gpt-x\"}";
        JsonSpans.Span span = JsonSpans.topLevelString(json, "model").orElseThrow();

        assertThat(JsonSpans.splice(json, span, JsonSpans.quoted("a/b")))
                .isEqualTo("{\"text\":\"caf\u00e9 \u2014\",\"model\":\"a/b\"}");
        assertThat(JsonSpans.topLevelString("{\"model\":1}", "model")).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
