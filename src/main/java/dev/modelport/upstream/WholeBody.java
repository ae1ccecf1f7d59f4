package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.sse.EventFramer;
import java.io.ByteArrayOutputStream;

/**
 * The framer of a complete answer read on an event loop: it keeps the body's bytes, failing with
 * {@link dev.modelport.adapter.FailureCategory#ResponseTooLarge} as soon as they pass the cap.
 */
final class WholeBody implements EventFramer {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long maxBytes;
    private final String host;

    WholeBody(long maxBytes, String host) {
        this.maxBytes = maxBytes;
        this.host = host;
    }

    @Override
    public void feed(byte[] chunk, int offset, int length) throws AdapterException {
        if (bytes.size() + (long) length > maxBytes) {
            throw CappedBody.tooLarge(host, maxBytes);
        }
        bytes.write(chunk, offset, length);
    }

    @Override
    public void end() {
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
