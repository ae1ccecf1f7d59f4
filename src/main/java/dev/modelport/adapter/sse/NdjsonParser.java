package dev.modelport.adapter.sse;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser of newline-delimited JSON (application/x-ndjson, as Ollama streams): each non-blank line
 * is one event, given to the listener as event {@code message} with the line as its data. Lines end in LF or CRLF;
 * a last line without one is an event when the body ends. Lines are kept as bytes and decoded once, so a
 * multi-byte character split across chunks decodes correctly. A line may not exceed {@code maxEventBytes}: a longer
 * one fails with {@link FailureCategory#ResponseTooLarge} and nothing more of it is held.
 */
public final class NdjsonParser implements EventFramer {

    private static final String EVENT = "message";

    private final int maxEventBytes;
    private final SseListener listener;
    private byte[] line = new byte[256];
    private int lineLength;

    public NdjsonParser(int maxEventBytes, SseListener listener) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
        this.listener = listener;
    }

    @Override
    public void feed(byte[] bytes, int offset, int length) throws AdapterException {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                dispatch();
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    @Override
    public void end() throws AdapterException {
        dispatch();
    }

    private void append(byte[] bytes, int offset, int length) throws AdapterException {
        if (length == 0) {
            return;
        }
        if (lineLength + length > maxEventBytes) {
            throw new AdapterException(FailureCategory.ResponseTooLarge,
                    "a streamed line is larger than " + maxEventBytes + " bytes");
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(lineLength + length, line.length * 2), maxEventBytes));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength += length;
    }

    /** Ends the line; the state is reset before the listener runs so it may throw. */
    private void dispatch() throws AdapterException {
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        lineLength = 0;
        if (!text.isBlank()) {
            listener.onEvent(EVENT, text);
        }
    }
}
