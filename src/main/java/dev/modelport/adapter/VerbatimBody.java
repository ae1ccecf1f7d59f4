package dev.modelport.adapter;

/**
 * A caller's request body in OpenAI's chat completion form that says exactly what its invocation says and nothing
 * else, so that an endpoint of that form can be sent the caller's bytes: only the model is replaced, and a stream
 * asks for its token counts. The OpenAI structure sends it instead of rendering the invocation again; every other
 * structure renders the invocation.
 *
 * @param body the body as the caller sent it (UTF-8 JSON), never changed
 * @param model where the model field's value lies
 * @param end where the object's closing brace is
 */
public record VerbatimBody(byte[] body, JsonSpans.Span model, int end) {

    /** The body with the given model (a JSON string literal) and the given members added at its end. */
    public byte[] with(byte[] quotedModel, byte[] members) {
        return JsonSpans.splice(body, model, quotedModel, end, members);
    }
}
