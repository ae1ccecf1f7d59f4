package dev.modelport.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpstreamRouteTest {

    @Test
    void shouldReplaceTheChatPathKeepingTheQuery() throws AdapterException {
        assertThat(UpstreamRoute.OPENAI_IMAGES.url("https://api.openai.com/v1/chat/completions"))
                .isEqualTo("https://api.openai.com/v1/images/generations");
        assertThat(UpstreamRoute.OPENAI_TRANSCRIPTIONS.url(
                "https://r.openai.azure.com/openai/deployments/d/chat/completions/?api-version=2024-10-21"))
                .isEqualTo("https://r.openai.azure.com/openai/deployments/d/audio/transcriptions?api-version=2024-10-21");
        assertThat(UpstreamRoute.ENDPOINT.url("https://m.example.com/generate")).isEqualTo(
                "https://m.example.com/generate");
    }

    @Test
    void shouldRefuseAnEndpointWithoutTheChatPath() {
        assertThatThrownBy(() -> UpstreamRoute.OPENAI_IMAGES.url("https://llm.example.com/v1/generate?q=chat/completions"))
                .isInstanceOf(AdapterException.class).hasMessageContaining("/chat/completions")
                .hasMessageContaining("/images/generations");
    }
}
