package dev.modelport.adapter;

/**
 * Where a call goes upstream, derived from the model's endpoint. An OpenAI-structured endpoint
 * names its chat route ({@code https://api.openai.com/v1/chat/completions}); the API's other routes are its siblings:
 * the path's trailing {@code /chat/completions} replaced by theirs, the query kept (Azure's api-version, say). An
 * endpoint whose path does not end in {@code /chat/completions} has no derivable sibling. A custom model's own route
 * is its endpoint as it is.
 */
public sealed interface UpstreamRoute {

    /** The URL to call for a model at this endpoint. */
    String url(String endpoint) throws AdapterException;

    /** The endpoint itself. */
    UpstreamRoute ENDPOINT = new Endpoint();

    /** OpenAI's image generation route. */
    UpstreamRoute OPENAI_IMAGES = new OpenAiSibling("/images/generations");

    /** OpenAI's audio transcription route. */
    UpstreamRoute OPENAI_TRANSCRIPTIONS = new OpenAiSibling("/audio/transcriptions");

    record Endpoint() implements UpstreamRoute {
        @Override
        public String url(String endpoint) {
            return endpoint;
        }
    }

    record OpenAiSibling(String path) implements UpstreamRoute {

        private static final String CHAT = "/chat/completions";

        @Override
        public String url(String endpoint) throws AdapterException {
            int end = endpoint.length();
            for (char delimiter : new char[] {'?', '#'}) {
                int at = endpoint.indexOf(delimiter);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            String base = endpoint.substring(0, end);
            String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            if (!trimmed.endsWith(CHAT)) {
                throw new AdapterException(FailureCategory.FeatureNotSupported, "the model's endpoint path does not "
                        + "end in " + CHAT + ", so its " + path + " route cannot be derived from it");
            }
            return trimmed.substring(0, trimmed.length() - CHAT.length()) + path + endpoint.substring(end);
        }
    }
}
