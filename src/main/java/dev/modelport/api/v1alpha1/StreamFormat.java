package dev.modelport.api.v1alpha1;

/** How a custom endpoint frames a streamed answer. */
public enum StreamFormat {
    /** Server-sent events (text/event-stream): each event's data is one JSON object, or a sentinel. */
    SSE,
    /** Newline-delimited JSON: one JSON object per line. */
    NDJSON
}
