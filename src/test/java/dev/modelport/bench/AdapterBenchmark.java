package dev.modelport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.custom.ResponseExtractor;
import dev.modelport.adapter.template.BodyTemplate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The adapter's hot path per request: rendering a 2 KB body template with 5 variables, and reading 3 JSON paths
 * from a 4 KB response body (parsing included: the gateway starts from bytes), and from an already parsed tree
 * (what the connectivity test does after detection). Run with bench/adapter.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdapterBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BodyTemplate template;
    private Map<String, JsonNode> values;
    private ResponseExtractor extractor;
    private byte[] response;
    private JsonNode parsedResponse;

    @Setup
    public void setUp() throws Exception {
        template = BodyTemplate.parse(BenchData.template2k());
        values = Map.of(
                "prompt", TextNode.valueOf("Summarize the \"incident\" report below in three bullet points.\n"
                        + "The database failover took 42 s; clients retried with backoff."),
                "systemPrompt", TextNode.valueOf("You are a concise SRE assistant. Answer in English."),
                "temperature", DoubleNode.valueOf(0.2),
                "maxTokens", IntNode.valueOf(512),
                "language", TextNode.valueOf("en"));
        extractor = new ResponseExtractor("$.choices[0].message.content", "$.usage.prompt_tokens",
                "$.usage.completion_tokens");
        response = BenchData.response4k();
        parsedResponse = JSON.readTree(response);
    }

    @Benchmark
    public String renderTemplate2kWith5Variables() {
        return template.render(values::get);
    }

    @Benchmark
    public ModelResponse extract3PathsFrom4kResponseBody() throws Exception {
        return extractor.extract(response);
    }

    @Benchmark
    public ModelResponse extract3PathsFromParsed4kTree() throws Exception {
        return extractor.extract(parsedResponse);
    }
}
