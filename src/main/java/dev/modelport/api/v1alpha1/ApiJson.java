package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON mapper of the API types, without any setting a Kubernetes client or a caller adds: what it reads and
 * writes is decided by the types' own annotations alone.
 */
final class ApiJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {
    }
}
