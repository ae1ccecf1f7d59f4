package dev.modelport.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Parses response bodies into JSON trees, with the failure every caller reports the same way. */
public final class JsonBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {
    }

    /** The body as a JSON object or array; anything else is InvalidJson (the message never quotes the body). */
    public static JsonNode parse(byte[] body) throws AdapterException {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new AdapterException(FailureCategory.InvalidJson, "the response is not valid JSON");
        }
        if (json == null || !json.isContainerNode()) {
            throw new AdapterException(FailureCategory.InvalidJson, "the response is not a JSON object or array");
        }
        return json;
    }
}
