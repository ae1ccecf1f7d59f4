package dev.modelport.connectivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.Modality;
import dev.modelport.api.v1alpha1.ProviderApi;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import java.util.List;

/**
 * The connectivity test of an image-only OpenAI-structured model (gpt-image-1, dall-e-3): one that declares
 * TextToImage and no modality chat serves, so it cannot answer a chat completion. It is tested on its image route
 * with the test prompt, one image; the answer must hold one, as a URL or base64 data.
 */
final class ImageRouteTest {

    private ImageRouteTest() {
    }

    static boolean applies(ExternalModelSpec spec) {
        ProviderConfiguration provider = spec.configuration.provider;
        if (provider == null || provider.api != ProviderApi.OpenAIChatCompletions || provider.features == null
                || provider.features.modalities == null) {
            return false;
        }
        List<Modality> modalities = provider.features.modalities;
        return modalities.contains(Modality.TextToImage) && !modalities.contains(Modality.TextToText)
                && !modalities.contains(Modality.ImageToText) && !modalities.contains(Modality.AudioToText);
    }

    static String body(ExternalModelSpec spec) {
        return JsonNodeFactory.instance.objectNode().put("model", spec.configuration.provider.model)
                .put("prompt", spec.test.prompt).put("n", 1).toString();
    }

    /** What lastTest.outputSample says of the answer: how the image came, never its data. */
    static String sample(JsonNode answer) throws AdapterException {
        JsonNode image = answer.path("data").path(0);
        if (image.path("url").isTextual()) {
            return "an image URL";
        }
        if (image.path("b64_json").isTextual()) {
            return "an image (" + image.path("b64_json").asText().length() + " base64 characters)";
        }
        throw new AdapterException(FailureCategory.PathNotFound, "the image answer has no data[0].url or "
                + "data[0].b64_json");
    }
}
