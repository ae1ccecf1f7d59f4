package dev.modelport.adapter.custom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.StreamDecoder;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.api.v1alpha1.CustomStreaming;
import dev.modelport.api.v1alpha1.StreamFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A custom model's streaming definition, compiled once: the paths each event is read with (delta, usage, finish
 * reason, the doneWhen path and the error message path) in one pass per event, and when the answer is complete.
 * Each stream gets its own {@link #decoder()}.
 */
final class CustomStream {

    private static final int DELTA = 0;
    private static final int INPUT_TOKENS = 1;
    private static final int OUTPUT_TOKENS = 2;
    private static final int FINISH_REASON = 3;
    private static final int DONE = 4;
    private static final int ERROR = 5;

    private final StreamFormat format;
    private final PathReader paths;
    private final String sentinel;
    private final boolean donePath;
    private final String doneValue;

    /** @param errorMessagePath the path of an error message in an event, or null */
    CustomStream(CustomStreaming streaming, String errorMessagePath) throws AdapterException {
        this.format = streaming.format == null ? StreamFormat.SSE : streaming.format;
        var usage = streaming.usage;
        var doneWhen = streaming.doneWhen;
        this.paths = new PathReader(
                List.of("delta", "stream input tokens", "stream output tokens", "stream finish reason",
                        "doneWhen", "error message"),
                Arrays.asList(streaming.deltaPath, usage == null ? null : usage.inputTokensPath,
                        usage == null ? null : usage.outputTokensPath, streaming.finishReasonPath,
                        doneWhen == null ? null : doneWhen.path, errorMessagePath));
        this.sentinel = doneWhen == null ? null : doneWhen.sentinel;
        this.donePath = doneWhen != null && doneWhen.path != null;
        this.doneValue = doneWhen == null ? null : doneWhen.value;
    }

    StreamFormat format() {
        return format;
    }

    StreamDecoder decoder() {
        return new Decoder();
    }

    /** One stream's reading: what the events said so far. */
    private final class Decoder implements StreamDecoder {

        private boolean done;
        private String finishReason;

        @Override
        public List<StreamEvent> event(String eventName, String data) throws AdapterException {
            if (done) {
                return List.of();
            }
            if (sentinel != null && data.strip().equals(sentinel)) {
                return finish();
            }
            JsonNode[] values;
            try {
                values = paths.read(data.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AdapterException(FailureCategory.InvalidJson, "a streamed event is not valid JSON");
            }
            if (PathReader.present(values[ERROR]) && !PathReader.present(values[DELTA])) {
                throw new AdapterException(FailureCategory.UpstreamError,
                        "the endpoint's stream reported an error (at errorMessagePath)");
            }
            List<StreamEvent> events = new ArrayList<>(3);
            if (PathReader.present(values[DELTA])) {
                String text = PathReader.text(values[DELTA]);
                if (!text.isEmpty()) {
                    events.add(new StreamEvent.TextDelta(text));
                }
            }
            Long input = PathReader.count(values[INPUT_TOKENS]);
            Long output = PathReader.count(values[OUTPUT_TOKENS]);
            if (input != null || output != null) {
                events.add(new StreamEvent.Usage(TokenUsage.of(input, output)));
            }
            if (PathReader.present(values[FINISH_REASON])) {
                finishReason = FinishReasons.openAi(PathReader.text(values[FINISH_REASON]));
            }
            if (donePath && isDone(values[DONE])) {
                events.addAll(finish());
            }
            return events;
        }

        private boolean isDone(JsonNode value) {
            return PathReader.present(value) && (doneValue == null || doneValue.equals(PathReader.text(value)));
        }

        private List<StreamEvent> finish() {
            done = true;
            return List.of(new StreamEvent.Finish(finishReason));
        }

        /** Without doneWhen the answer is complete when the body ends; with it, a body ending before is cut short. */
        @Override
        public List<StreamEvent> end() {
            return done || sentinel != null || donePath ? List.of() : finish();
        }
    }
}
