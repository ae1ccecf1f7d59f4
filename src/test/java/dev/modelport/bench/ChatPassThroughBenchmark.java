package dev.modelport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.provider.ProviderStructures;
import dev.modelport.api.v1alpha1.ProviderApi;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import dev.modelport.api.v1alpha1.ProviderFeatures;
import dev.modelport.gateway.chat.ChatRequests;
import dev.modelport.gateway.chat.PlainChat;
import dev.modelport.gateway.chat.Responses;
import dev.modelport.gateway.models.ServedModel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A chat call to an OpenAI-structured model, translated against passed through: the request from the caller's bytes
 * to the bytes sent (read as a tree and translated into an invocation, then rendered; or read in one pass and sent
 * as it came), and the complete answer from the endpoint's bytes to the bytes answered (parsed, then rebuilt and
 * written; or parsed, then forwarded). The conversation has 1 message (the shape bench/gateway.sh sends) or 21
 * (a system prompt and ten earlier turns, about 6 KB). Run with bench/adapter.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChatPassThroughBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServedModel MODEL = new ServedModel("team-a", "support", 0, null, null);
    private static final Clock CLOCK = Clock.systemUTC();

    @Param({"1", "21"})
    public int messages;

    private Structure openAi;
    private byte[] request;
    private byte[] answer;

    @Setup
    public void setUp() throws Exception {
        ProviderConfiguration config = new ProviderConfiguration();
        config.api = ProviderApi.OpenAIChatCompletions;
        config.model = "gpt-4o-mini";
        config.features = new ProviderFeatures();
        openAi = ProviderStructures.of(config);
        ObjectNode body = JSON.createObjectNode().put("model", "team-a/support").put("temperature", 0.2);
        ArrayNode conversation = body.putArray("messages");
        if (messages > 1) {
            conversation.addObject().put("role", "system").put("content", "You are a concise SRE assistant.");
            for (int turn = 0; turn < (messages - 2) / 2; turn++) {
                conversation.addObject().put("role", "user").put("content", "Question " + turn + ": "
                        + "why did the failover of the primary database take 42 s last night? ".repeat(4));
                conversation.addObject().put("role", "assistant").put("content", "Answer " + turn + ": "
                        + "the replica lagged behind and the health checks waited for two timeouts. ".repeat(4));
            }
        }
        conversation.addObject().put("role", "user").put("content", "Summarize the incident in three bullets.");
        request = JSON.writeValueAsBytes(body);
        answer = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"- The replica lagged.\\n- Health checks waited.\\n- Failover took 42 s.\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":812,\"completion_tokens\":19,"
                + "\"total_tokens\":831},\"system_fingerprint\":\"fp_1\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] requestTranslated() throws Exception {
        return openAi.render(ChatRequests.toInvocation(JSON.readTree(request))).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] requestPassedThrough() throws Exception {
        return openAi.renderBytes(PlainChat.read(request).orElseThrow().invocation());
    }

    @Benchmark
    public byte[] answerRebuilt() throws Exception {
        ModelResponse response = openAi.parse(answer);
        JsonNode completion = Responses.completion(MODEL, response, CLOCK);
        return completion.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] answerForwarded() throws Exception {
        ModelResponse response = openAi.parse(answer).withVerbatim(answer);
        return Responses.forwarded(MODEL, response).orElseThrow();
    }
}
