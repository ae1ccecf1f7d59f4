package dev.modelport.adapter.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.StreamFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonParserTest {

    private static final String SAMPLE = "{\"a\":1}\n\r\n{\"b\":\"caf\u00e9 \uD83D\uDE00\"}\r\n   \n{\"c\":3}";

    private final List<String> lines = new ArrayList<>();

    private EventFramer parser(int maxEventBytes) {
        return EventFramer.of(StreamFormat.NDJSON, maxEventBytes, (name, data) -> {
            assertThat(name).isEqualTo("message");
            lines.add(data);
        });
    }

    @Test
    void shouldGiveEachNonBlankLineInAnyChunkingAndTheLastUnterminatedOneAtTheEnd() throws Exception {
        byte[] bytes = SAMPLE.getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= bytes.length; size++) {
            lines.clear();
            EventFramer parser = parser(1024);
            for (int start = 0; start < bytes.length; start += size) {
                parser.feed(bytes, start, Math.min(size, bytes.length - start));
            }
            assertThat(lines).as("chunks of %d bytes", size).containsExactly("{\"a\":1}",
                    "{\"b\":\"caf\u00e9 \uD83D\uDE00\"}");
            parser.end();
            assertThat(lines).as("chunks of %d bytes", size).hasSize(3).last().isEqualTo("{\"c\":3}");
        }
    }

    @Test
    void shouldRefuseALineOverTheBoundWithoutHoldingIt() throws Exception {
        EventFramer parser = parser(16);
        byte[] fits = "{\"x\":\"0123456\"}\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(fits, 0, fits.length);
        assertThat(lines).containsExactly("{\"x\":\"0123456\"}");
        byte[] endless = "y".repeat(10).getBytes(StandardCharsets.UTF_8);
        parser.feed(endless, 0, endless.length);
        assertThatThrownBy(() -> parser.feed(endless, 0, endless.length))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.ResponseTooLarge);
                    assertThat(e.getMessage()).isEqualTo("a streamed line is larger than 16 bytes");
                });
    }

    @Test
    void shouldFrameServerSentEventsForTheSseFormat() throws Exception {
        EventFramer sse = EventFramer.of(StreamFormat.SSE, 1024, (name, data) -> lines.add(data));
        byte[] bytes = "data: {\"a\":1}\n\ndata: [DONE]\n\ndata: cut".getBytes(StandardCharsets.UTF_8);
        sse.feed(bytes, 0, bytes.length);
        sse.end();
        assertThat(lines).containsExactly("{\"a\":1}", "[DONE]");
    }
}
