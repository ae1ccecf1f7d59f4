package dev.modelport.adapter.sse;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamDecoder;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.api.v1alpha1.StreamFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * A streamed answer received whole (an endpoint that always streams, called for a whole answer; a connectivity
 * test's streamed call): framed and decoded as the gateway decodes a live stream, and failing as it would, on a stream
 * cut short and on one in which the delta path reads no text.
 */
public final class WholeStream {

    private WholeStream() {
    }

    /** The decoded events of the body, the end's included. */
    public static List<StreamEvent> events(StreamFormat format, StreamDecoder decoder, byte[] body)
            throws AdapterException {
        List<StreamEvent> events = new ArrayList<>();
        EventFramer framer = EventFramer.of(format, Math.max(1, body.length),
                (name, data) -> events.addAll(decoder.event(name, data)));
        framer.feed(body, 0, body.length);
        framer.end();
        events.addAll(decoder.end());
        return events;
    }

    /** The answer: the text joined, the last usage and finish reason reported. */
    public static ModelResponse answer(StreamFormat format, StreamDecoder decoder, byte[] body)
            throws AdapterException {
        return answer(events(format, decoder, body));
    }

    public static ModelResponse answer(List<StreamEvent> events) throws AdapterException {
        StringBuilder text = new StringBuilder();
        boolean anyText = false;
        TokenUsage usage = null;
        StreamEvent.Finish finish = null;
        for (StreamEvent event : events) {
            switch (event) {
                case StreamEvent.TextDelta delta -> {
                    text.append(delta.text());
                    anyText = true;
                }
                case StreamEvent.Usage reported -> usage = reported.usage();
                case StreamEvent.Finish finished -> finish = finished;
                default -> {
                    // Tool calls and the model's name: custom models report neither.
                }
            }
        }
        if (finish == null) {
            throw new AdapterException(FailureCategory.ConnectionFailed,
                    "the streamed answer ended before streaming.doneWhen was met");
        }
        if (!anyText) {
            throw new AdapterException(FailureCategory.PathNotFound,
                    "streaming.deltaPath selects no text in the streamed answer's events");
        }
        return new ModelResponse(text.toString(), usage == null ? TokenUsage.UNKNOWN : usage,
                finish.finishReason());
    }
}
