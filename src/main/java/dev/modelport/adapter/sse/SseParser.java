package dev.modelport.adapter.sse;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental text/event-stream parser following the WHATWG "event stream interpretation": feed it the bytes of
 * a response as they arrive, in chunks of any size, and it calls the listener once per complete event.
 *
 * <p>Lines end in LF, CRLF or CR, also when the CR and the LF arrive in different chunks. Lines starting with ':'
 * are comments. Only the {@code event} and {@code data} fields are kept; {@code id}, {@code retry} and unknown
 * fields are ignored because nothing here reconnects. A single space after the colon is removed, and a line
 * without a colon is a field with an empty value. An event is dispatched on a blank line, and only when it had at
 * least one data line; an unterminated event at the end of the stream is dropped, as the spec says. A UTF-8 BOM
 * at the very start is skipped.
 *
 * <p>Lines are kept as bytes and decoded once per field, so a multi-byte character split across chunks decodes
 * correctly (a CR, LF or ':' byte never occurs inside a UTF-8 sequence). Invalid UTF-8 becomes U+FFFD.
 *
 * <p>The bytes held for one event (the line being read, the data so far and the event name) may not exceed
 * {@code maxEventBytes}; a larger event fails with {@link FailureCategory#ResponseTooLarge}. Not thread-safe, one
 * instance per stream, unusable after it threw.
 */
public final class SseParser implements EventFramer {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final String DEFAULT_EVENT = "message";

    private final int maxEventBytes;
    private final SseListener listener;

    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean dataSeen;
    private String eventName = "";
    private int eventNameBytes;
    private boolean lastWasCr;
    private int bomMatched;
    private boolean bomDone;

    public SseParser(int maxEventBytes, SseListener listener) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
        this.listener = listener;
    }

    @Override
    public void feed(byte[] bytes, int offset, int length) throws AdapterException {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (bomDone || !skipBom(b)) {
                accept(b);
            }
        }
    }

    /** An unterminated event at the end of the stream is dropped, as the spec says. */
    @Override
    public void end() {
    }

    /** Whether the byte belongs to a BOM at the stream start; replays a partly matched BOM when it does not. */
    private boolean skipBom(byte b) throws AdapterException {
        if (b == BOM[bomMatched]) {
            bomMatched++;
            bomDone = bomMatched == BOM.length;
            return true;
        }
        bomDone = true;
        for (int i = 0; i < bomMatched; i++) {
            accept(BOM[i]);
        }
        return false;
    }

    private void accept(byte b) throws AdapterException {
        if (b == '\n') {
            if (lastWasCr) {
                lastWasCr = false;
            } else {
                endLine();
            }
        } else if (b == '\r') {
            lastWasCr = true;
            endLine();
        } else {
            lastWasCr = false;
            appendToLine(b);
        }
    }

    private void appendToLine(byte b) throws AdapterException {
        if (lineLength + dataLength + eventNameBytes >= maxEventBytes) {
            throw new AdapterException(FailureCategory.ResponseTooLarge,
                    "a streamed event is larger than " + maxEventBytes + " bytes");
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(line.length * 2, maxEventBytes));
        }
        line[lineLength++] = b;
    }

    private void endLine() throws AdapterException {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        if (line[0] != ':') {
            field();
        }
        lineLength = 0;
    }

    private void field() {
        int colon = indexOfColon();
        int nameEnd = colon < 0 ? lineLength : colon;
        int valueStart = colon < 0 ? lineLength : colon + 1;
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++;
        }
        int valueLength = lineLength - valueStart;
        if (nameIs(DATA, nameEnd)) {
            appendData(valueStart, valueLength);
        } else if (nameIs(EVENT, nameEnd)) {
            eventName = new String(line, valueStart, valueLength, StandardCharsets.UTF_8);
            eventNameBytes = valueLength;
        }
    }

    private int indexOfColon() {
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    private boolean nameIs(byte[] name, int nameLength) {
        return nameLength == name.length && Arrays.equals(line, 0, nameLength, name, 0, name.length);
    }

    private void appendData(int valueStart, int valueLength) {
        int needed = dataLength + valueLength + 1;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
        if (dataSeen) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, valueStart, data, dataLength, valueLength);
        dataLength += valueLength;
        dataSeen = true;
    }

    /** Ends the event at a blank line; the state is reset before the listener runs so it may throw. */
    private void dispatch() throws AdapterException {
        boolean hasData = dataSeen;
        String name = eventName.isEmpty() ? DEFAULT_EVENT : eventName;
        String text = hasData ? new String(data, 0, dataLength, StandardCharsets.UTF_8) : null;
        dataLength = 0;
        dataSeen = false;
        eventName = "";
        eventNameBytes = 0;
        if (hasData) {
            listener.onEvent(name, text);
        }
    }
}
