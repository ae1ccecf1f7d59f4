package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import java.io.IOException;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** Reads a response body with a hard cap, holding at most the cap plus one chunk. */
final class CappedBody {

    private static final long CHUNK = 8192;

    private CappedBody() {
    }

    static byte[] read(ResponseBody body, long maxBytes, String host) throws IOException, AdapterException {
        if (body.contentLength() > maxBytes) {
            throw tooLarge(host, maxBytes);
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, CHUNK) != -1) {
            if (buffer.size() > maxBytes) {
                throw tooLarge(host, maxBytes);
            }
        }
        return buffer.readByteArray();
    }

    static AdapterException tooLarge(String host, long maxBytes) {
        return new AdapterException(FailureCategory.ResponseTooLarge,
                "response from " + host + " is larger than " + maxBytes + " bytes");
    }
}
