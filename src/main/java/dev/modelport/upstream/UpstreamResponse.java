package dev.modelport.upstream;

import java.util.Arrays;
import java.util.Objects;

/**
 * A successful (2xx) answer of an endpoint. toString shows the size of the body, never the body.
 *
 * @param contentType the Content-Type header, or null when the endpoint sent none
 * @param body the complete body after content decoding, at most {@link UpstreamSettings#maxResponseBytes()}
 */
public record UpstreamResponse(int status, String contentType, byte[] body) {

    @Override
    public boolean equals(Object other) {
        return other instanceof UpstreamResponse response && status == response.status
                && Objects.equals(contentType, response.contentType) && Arrays.equals(body, response.body);
    }

    @Override
    public int hashCode() {
        return (31 * status + Objects.hashCode(contentType)) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UpstreamResponse[" + status + ", " + contentType + ", " + body.length + " bytes]";
    }
}
