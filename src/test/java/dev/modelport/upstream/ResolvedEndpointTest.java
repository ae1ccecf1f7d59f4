package dev.modelport.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.AuthorizationType;
import org.junit.jupiter.api.Test;

/** The host an endpoint's connectivity tests are bounded by: the same host for every path, query and case. */
class ResolvedEndpointTest {

    private static String host(String url) {
        return new ResolvedEndpoint(url, AuthorizationType.None, null, null, null, null, null, "").host();
    }

    @Test
    void shouldNameTheHostInLowerCaseWithItsPortOnlyWhenTheUrlNamesOne() {
        assertThat(host("https://API.Example.com/v1/chat/completions")).isEqualTo("api.example.com");
        assertThat(host("https://api.example.com/v1/messages?key=abc")).isEqualTo("api.example.com");
        assertThat(host("http://127.0.0.1:8090/v1/generate")).isEqualTo("127.0.0.1:8090");
        assertThat(host("http://[::1]:8443/v1")).isEqualTo("[::1]:8443");
    }
}
