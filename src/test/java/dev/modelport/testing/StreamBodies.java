package dev.modelport.testing;

/** Streamed answers as the providers send them. */
public final class StreamBodies {

    public static final String OPENAI = """
            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-x","choices":[{"index":0,\
            "delta":{"role":"assistant","content":"hel"},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-x","choices":[{"index":0,\
            "delta":{"content":"lo"},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-x","choices":[{"index":0,\
            "delta":{},"finish_reason":"stop"}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-x","choices":[],\
            "usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}

            data: [DONE]

            """;

    public static final String ANTHROPIC = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant",\
            "model":"claude-x","content":[],"stop_reason":null,"usage":{"input_tokens":12,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"bon"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"jour"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":3}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    /** The first chunk of {@link #OPENAI}, then the chunk whose data is not JSON. */
    public static final String OPENAI_INVALID = OPENAI.substring(0, OPENAI.indexOf("data:", 1)) + """
            data: {"id":"c1", secret-upstream-detail

            """;

    /** The first two chunks of {@link #OPENAI}, then the end: no finish reason, no [DONE]. */
    public static final String OPENAI_TRUNCATED = OPENAI.substring(0, OPENAI.indexOf("data:",
            OPENAI.indexOf("data:", 1) + 1));

    /** A text delta, then the error event Anthropic sends when it is overloaded mid-answer. */
    public static final String ANTHROPIC_OVERLOADED = ANTHROPIC.substring(0,
            ANTHROPIC.indexOf("event: content_block_delta", ANTHROPIC.indexOf("event: content_block_delta") + 1)) + """
            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded secret-upstream-detail"}}

            """;

    /** A text block, then a tool_use block whose input arrives in two JSON pieces; stop reason tool_use. */
    public static final String ANTHROPIC_TOOL_USE = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant",\
            "model":"claude-x","content":[],"stop_reason":null,"usage":{"input_tokens":40,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_9",\
            "name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta",\
            "partial_json":"{\\"city\\": "}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta",\
            "partial_json":"\\"Oslo\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":20}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    private StreamBodies() {
    }
}
