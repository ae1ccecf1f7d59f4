package dev.modelport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** --demo-port moves the samples' models with the demo upstream, and no other model. */
class LocalManifestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String moved(String endpoint, String demoUrl) throws Exception {
        JsonNode model = JSON.readTree("{\"kind\": \"ExternalModel\", \"spec\": {\"endpoint\": \"" + endpoint + "\"}}");
        LocalManifests.moveToDemo(model, demoUrl);
        return model.path("spec").path("endpoint").asText();
    }

    @Test
    void shouldMoveAnEndpointOnTheSamplesDemoAddressKeepingItsPathAndQuery() throws Exception {
        assertThat(moved("http://127.0.0.1:8090/v1/generate?v=2", "http://127.0.0.1:43121"))
                .isEqualTo("http://127.0.0.1:43121/v1/generate?v=2");
    }

    @Test
    void shouldLeaveEveryOtherEndpointAsItIs() throws Exception {
        assertThat(moved("http://127.0.0.1:8090/v1/generate", "http://127.0.0.1:8090"))
                .isEqualTo("http://127.0.0.1:8090/v1/generate");
        assertThat(moved("http://127.0.0.1:80901/v1/generate", "http://127.0.0.1:43121"))
                .isEqualTo("http://127.0.0.1:80901/v1/generate");
        assertThat(moved("https://api.example.com/v1/chat/completions", "http://127.0.0.1:43121"))
                .isEqualTo("https://api.example.com/v1/chat/completions");
    }
}
