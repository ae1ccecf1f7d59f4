package dev.modelport.gateway.media;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.custom.ResponseExtractor;
import java.time.Clock;
import java.util.Locale;

/**
 * A custom model's generated image, read with its {@code response.imagePath} and answered as OpenAI's image
 * generation does: an http(s) URL as {@code url}, anything else as base64 data in {@code b64_json}.
 */
final class CustomImages {

    private CustomImages() {
    }

    static ObjectNode answer(String imagePath, byte[] response, Clock clock) throws AdapterException {
        String image;
        try {
            image = new ResponseExtractor(imagePath, null, null).extract(response).output();
        } catch (AdapterException e) {
            if (e.category() == FailureCategory.PathNotFound) {
                throw new AdapterException(FailureCategory.PathNotFound,
                        "image path " + imagePath + " selects nothing in the response");
            }
            throw e;
        }
        String lower = image.strip().toLowerCase(Locale.ROOT);
        boolean url = lower.startsWith("https://") || lower.startsWith("http://");
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("created", clock.instant().getEpochSecond());
        answer.putArray("data").addObject().put(url ? "url" : "b64_json", image.strip());
        return answer;
    }
}
