package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import java.net.UnknownHostException;

/**
 * Carries an endpoint policy refusal through OkHttp, which only passes IOExceptions; the client unwraps it. It
 * extends UnknownHostException because that is the only exception an OkHttp Dns may throw.
 */
final class EndpointRefusedException extends UnknownHostException {

    private final transient AdapterException refusal;

    EndpointRefusedException(AdapterException refusal) {
        super(refusal.getMessage());
        this.refusal = refusal;
    }

    AdapterException refusal() {
        return refusal;
    }
}
