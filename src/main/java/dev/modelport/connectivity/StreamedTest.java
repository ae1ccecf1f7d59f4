package dev.modelport.connectivity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.JsonBodies;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamDecoder;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.detect.DeltaDetector;
import dev.modelport.adapter.sse.EventFramer;
import dev.modelport.adapter.sse.WholeStream;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.upstream.ResolvedEndpoint;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The streamed call of a connectivity test (spec.test.stream): the test input sent with {{stream}} true, the whole
 * stream received (within the upstream client's answer cap), split into events as the gateway would, the delta
 * path detected from the events, and the stream read with the model's streaming paths as the gateway reads it.
 * Through the blocking client, so that the test command needs no event loop.
 */
final class StreamedTest {

    private final DeltaDetector detector = new DeltaDetector();

    /**
     * Makes the streamed call and reads it with the model's streaming paths; fails as the gateway would.
     *
     * @param detected receives the detected delta path (null when no string could be one), also when reading the
     *     stream with the model's paths then fails: the proposal is what corrects them
     * @return the endpoint's HTTP status and the answer its stream carried
     */
    Answer run(UpstreamClient client, ResolvedEndpoint endpoint, Structure structure, Invocation invocation,
            Duration timeout, String traceparent, DetectedPaths detected) throws AdapterException {
        String body = structure.render(invocation.withStream(true));
        UpstreamResponse response = client.call(endpoint, body, timeout, traceparent, structure.answerFormat());
        List<String> events = new ArrayList<>();
        byte[] bytes = response.body();
        EventFramer framer = EventFramer.of(structure.answerFormat().stream(), Math.max(1, bytes.length),
                (name, data) -> events.add(data));
        framer.feed(bytes, 0, bytes.length);
        framer.end();
        detected.deltaPath = detector.detect(jsonEvents(events));
        StreamDecoder decoder = structure.streamDecoder();
        List<StreamEvent> decoded = new ArrayList<>();
        for (String event : events) {
            decoded.addAll(decoder.event("message", event));
        }
        decoded.addAll(decoder.end());
        return new Answer(response.status(), bytes, WholeStream.answer(decoded));
    }

    /** What the streamed call answered: its HTTP status, its body, and the answer its events carried. */
    record Answer(int status, byte[] body, ModelResponse response) {
    }

    /** The events that are JSON objects (a sentinel such as [DONE] is not). */
    private static List<JsonNode> jsonEvents(List<String> events) {
        List<JsonNode> json = new ArrayList<>(events.size());
        for (String event : events) {
            try {
                JsonNode node = JsonBodies.MAPPER.readTree(event);
                if (node != null && node.isObject()) {
                    json.add(node);
                }
            } catch (IOException notJson) {
                // Not an event the detector can read; reading the stream below reports it when it matters.
            }
        }
        return json;
    }
}
