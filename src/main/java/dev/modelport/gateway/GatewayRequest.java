package dev.modelport.gateway;

import java.util.Map;

/**
 * What the gateway reads of an HTTP request, and where its metrics go. The caller's Authorization header is used
 * for authorizing only: nothing here is ever forwarded upstream.
 */
public record GatewayRequest(String host, String authorization, byte[] body, Map<String, String> pathParams,
        RequestMetrics metrics) {
}
