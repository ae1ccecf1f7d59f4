package dev.modelport.bench;

import java.nio.charset.StandardCharsets;

/** The inputs of AdapterBenchmark, built to the sizes the adapter's performance target names. */
final class BenchData {

    private BenchData() {
    }

    /** A 2 KB request body template with 5 variables, most of it static (tool definitions, metadata). */
    static String template2k() {
        StringBuilder tools = new StringBuilder();
        for (int i = 0; tools.length() < 1800; i++) {
            tools.append(i == 0 ? "" : ",").append("{\"name\": \"lookup_").append(i)
                    .append("\", \"description\": \"Looks up record ").append(i)
                    .append(" in the incident database\", \"parameters\": {\"type\": \"object\"}}");
        }
        String body = "{\"model\": \"in-house-7b\", \"input\": {\"text\": \"{{prompt}}\", \"system\": "
                + "\"{{systemPrompt}}\"}, \"parameters\": {\"temperature\": {{temperature}}, \"max_tokens\": "
                + "{{maxTokens}}, \"language\": \"{{language}}\"}, \"tools\": [" + tools + "]}";
        if (body.length() < 1900 || body.length() > 2200) {
            throw new IllegalStateException("template is " + body.length() + " bytes, not about 2 KB");
        }
        return body;
    }

    /** A 4 KB OpenAI-shaped response: the answer, usage, and log-probability detail as bulk. */
    static byte[] response4k() {
        StringBuilder logprobs = new StringBuilder();
        for (int i = 0; logprobs.length() < 3600; i++) {
            logprobs.append(i == 0 ? "" : ",").append("{\"token\": \"tok").append(i).append("\", \"logprob\": -0.")
                    .append(1000 + i).append("}");
        }
        String body = "{\"id\": \"chatcmpl-bench\", \"object\": \"chat.completion\", \"created\": 1764200000, "
                + "\"model\": \"gpt-4o-mini\", \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", "
                + "\"content\": \"- Failover took 42 s.\\n- Clients retried with backoff.\\n- No data was lost.\"}, "
                + "\"logprobs\": {\"content\": [" + logprobs + "]}, \"finish_reason\": \"stop\"}], \"usage\": "
                + "{\"prompt_tokens\": 412, \"completion_tokens\": 23, \"total_tokens\": 435}}";
        if (body.length() < 3900 || body.length() > 4300) {
            throw new IllegalStateException("response is " + body.length() + " bytes, not about 4 KB");
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
