package dev.modelport.testing;

import dev.modelport.tracing.Tracing;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/** Tracing on, without Quarkus: every span is exported to memory as it ends, sampled always. */
public final class InMemoryTracing implements AutoCloseable {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();

    public Tracing tracing() {
        return new Tracing(provider.get("test"));
    }

    /** The spans ended so far, in the order they ended. */
    public List<SpanData> spans() {
        return exporter.getFinishedSpanItems();
    }

    @Override
    public void close() {
        provider.close();
    }
}
