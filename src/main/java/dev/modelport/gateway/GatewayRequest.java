package dev.modelport.gateway;

import java.util.Map;

/**
 * What the gateway reads of an HTTP request. The caller's Authorization header is used for authorizing only:
 * nothing here is ever forwarded upstream.
 */
public record GatewayRequest(String host, String authorization, byte[] body, Map<String, String> pathParams) {
}
