package dev.modelport.adapter.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private record Event(String name, String data) {
    }

    /** Covers every line ending, comments, event names, multi-line and empty data, and multi-byte UTF-8. */
    private static final String SAMPLE = ": keep-alive\r\n"
            + "event: message_start\r\n"
            + "data: {\"a\":1}\r\n"
            + "\r\n"
            + "data: first\rdata: second\r\r"
            + "data:\n"
            + "data\n"
            + "\n"
            + "id: 7\nretry: 100\nevent: ping\n\n"
            + "event: delta\n"
            + "data: caf\u00e9 \u20ac \uD83D\uDE00 \u4e2d\u6587\n"
            + "\n"
            + "data: [DONE]\n\n";

    private static final List<Event> SAMPLE_EVENTS = List.of(
            new Event("message_start", "{\"a\":1}"),
            new Event("message", "first\nsecond"),
            new Event("message", "\n"),
            new Event("delta", "caf\u00e9 \u20ac \uD83D\uDE00 \u4e2d\u6587"),
            new Event("message", "[DONE]"));

    private static List<Event> parse(byte[] bytes, int... chunkEnds) throws AdapterException {
        List<Event> events = new ArrayList<>();
        SseParser parser = new SseParser(1 << 20, (name, data) -> events.add(new Event(name, data)));
        int start = 0;
        for (int end : chunkEnds) {
            parser.feed(bytes, start, end - start);
            start = end;
        }
        parser.feed(bytes, start, bytes.length - start);
        return events;
    }

    private static List<Event> parse(String text) throws AdapterException {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesTheSampleInOneChunk() throws Exception {
        assertThat(parse(SAMPLE)).containsExactlyElementsOf(SAMPLE_EVENTS);
    }

    @Test
    void everySplitPointGivesTheSameEvents() throws Exception {
        byte[] bytes = SAMPLE.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            assertThat(parse(bytes, split)).as("split at %d", split).containsExactlyElementsOf(SAMPLE_EVENTS);
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameEvents() throws Exception {
        byte[] bytes = SAMPLE.getBytes(StandardCharsets.UTF_8);
        int[] ends = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ends[i] = i + 1;
        }
        assertThat(parse(bytes, ends)).containsExactlyElementsOf(SAMPLE_EVENTS);
    }

    @Test
    void randomChunkingsGiveTheSameEvents() throws Exception {
        byte[] bytes = SAMPLE.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            List<Integer> ends = new ArrayList<>();
            int position = 0;
            while (position < bytes.length) {
                position = Math.min(bytes.length, position + 1 + random.nextInt(12));
                ends.add(position);
            }
            int[] array = ends.stream().mapToInt(Integer::intValue).toArray();
            assertThat(parse(bytes, array)).as("round %d", round).containsExactlyElementsOf(SAMPLE_EVENTS);
        }
    }

    @Test
    void lineEndingsLfCrlfAndCrAreEquivalent() throws Exception {
        List<Event> expected = List.of(new Event("e", "a\nb"));
        assertThat(parse("event: e\ndata: a\ndata: b\n\n")).isEqualTo(expected);
        assertThat(parse("event: e\r\ndata: a\r\ndata: b\r\n\r\n")).isEqualTo(expected);
        assertThat(parse("event: e\rdata: a\rdata: b\r\r")).isEqualTo(expected);
    }

    @Test
    void crAtTheEndOfAChunkAndLfAtTheStartOfTheNextAreOneLineEnd() throws Exception {
        byte[] bytes = "data: a\r\n\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(parse(bytes, 8, 10)).containsExactly(new Event("message", "a"), new Event("message", "b"));
    }

    @Test
    void commentsAndBlankLinesWithoutDataDispatchNothing() throws Exception {
        assertThat(parse(": hello\n\n:\n\n\n\nevent: lonely\n\nid: 1\n\n")).isEmpty();
    }

    @Test
    void eventNameIsResetAfterEachEvent() throws Exception {
        assertThat(parse("event: a\ndata: 1\n\ndata: 2\n\nevent: b\n\ndata: 3\n\n"))
                .containsExactly(new Event("a", "1"), new Event("message", "2"), new Event("message", "3"));
    }

    @Test
    void onlyOneLeadingSpaceIsRemovedAndColonsInValuesAreKept() throws Exception {
        assertThat(parse("data:  two spaces\ndata:none\ndata: a: b\n\n"))
                .containsExactly(new Event("message", " two spaces\nnone\na: b"));
    }

    @Test
    void fieldWithoutColonHasAnEmptyValue() throws Exception {
        assertThat(parse("data\n\n")).containsExactly(new Event("message", ""));
        assertThat(parse("data\ndata\n\n")).containsExactly(new Event("message", "\n"));
        assertThat(parse("event\ndata: x\n\n")).containsExactly(new Event("message", "x"));
    }

    @Test
    void emptyDataLinesAreKept() throws Exception {
        assertThat(parse("data:\n\n")).containsExactly(new Event("message", ""));
        assertThat(parse("data: a\ndata:\ndata: b\n\n")).containsExactly(new Event("message", "a\n\nb"));
    }

    @Test
    void fieldNamesAreCaseSensitiveAndUnknownFieldsIgnored() throws Exception {
        assertThat(parse("Data: x\nfoo: y\ndata: z\n\n")).containsExactly(new Event("message", "z"));
    }

    @Test
    void unterminatedEventAtTheEndIsNotDispatched() throws Exception {
        assertThat(parse("data: done\n\ndata: partial\n")).containsExactly(new Event("message", "done"));
    }

    @Test
    void leadingBomIsSkippedEvenWhenSplit() throws Exception {
        byte[] bytes = "\uFEFFdata: x\n\n".getBytes(StandardCharsets.UTF_8);
        assertThat(bytes[0]).isEqualTo((byte) 0xEF);
        for (int split = 0; split <= 4; split++) {
            assertThat(parse(bytes, split)).containsExactly(new Event("message", "x"));
        }
    }

    @Test
    void bomLaterInTheStreamIsContent() throws Exception {
        assertThat(parse("data: a\n\ndata: \uFEFFb\n\n"))
                .containsExactly(new Event("message", "a"), new Event("message", "\uFEFFb"));
    }

    @Test
    void partialBomPrefixIsKeptAsContent() throws Exception {
        byte[] bytes = {(byte) 0xEF, (byte) 0xBB, 'd', 'a', 't', 'a', ':', 'x', '\n', '\n'};
        // The two bytes become part of the field name: an unknown field, so nothing is dispatched.
        assertThat(parse(bytes, 1)).isEmpty();
        assertThat(parse(new byte[] {(byte) 0xEF, '\n', 'd', 'a', 't', 'a', ':', 'x', '\n', '\n'}))
                .containsExactly(new Event("message", "x"));
    }

    @Test
    void multiByteCharacterSplitInsideIsDecodedWhole() throws Exception {
        byte[] bytes = "data: \uD83D\uDE00\u20ac\n\n".getBytes(StandardCharsets.UTF_8);
        for (int split = 6; split <= 13; split++) {
            assertThat(parse(bytes, split)).containsExactly(new Event("message", "\uD83D\uDE00\u20ac"));
        }
    }

    @Test
    void invalidUtf8BecomesReplacementCharacter() throws Exception {
        byte[] bytes = {'d', 'a', 't', 'a', ':', (byte) 0xFF, '\n', '\n'};
        assertThat(parse(bytes)).containsExactly(new Event("message", "\uFFFD"));
    }

    @Test
    void eventOverTheLimitFails() {
        SseParser parser = new SseParser(64, (name, data) -> { });
        byte[] big = ("data: " + "x".repeat(40) + "\ndata: " + "y".repeat(40) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.feed(big, 0, big.length))
                .isInstanceOfSatisfying(AdapterException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.ResponseTooLarge))
                .hasMessage("a streamed event is larger than 64 bytes");
    }

    @Test
    void longLineWithoutEndFailsAtTheLimit() {
        SseParser parser = new SseParser(1024, (name, data) -> { });
        byte[] chunk = ":".repeat(100).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                parser.feed(chunk, 0, chunk.length);
            }
        }).isInstanceOf(AdapterException.class);
    }

    @Test
    void manyEventsUnderTheLimitPass() throws Exception {
        String event = "data: " + "z".repeat(50) + "\n\n";
        List<Event> events = new ArrayList<>();
        SseParser parser = new SseParser(64, (name, data) -> events.add(new Event(name, data)));
        byte[] bytes = event.repeat(100).getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        assertThat(events).hasSize(100);
    }

    @Test
    void listenerFailureStopsParsing() {
        List<Event> events = new ArrayList<>();
        SseParser parser = new SseParser(1024, (name, data) -> {
            events.add(new Event(name, data));
            throw new AdapterException(FailureCategory.InvalidJson, "bad");
        });
        byte[] bytes = "data: 1\n\ndata: 2\n\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.feed(bytes, 0, bytes.length)).hasMessage("bad");
        assertThat(events).hasSize(1);
    }
}
