package dev.modelport.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamBoundsTest {

    static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void shouldRefuseBoundsThatAreNotPositiveNamingTheSetting() {
        assertThatThrownBy(() -> new StreamBounds(0, MINUTE, MINUTE))
                .hasMessage("modelport.gateway.stream.max-bytes must be positive, not 0");
        assertThatThrownBy(() -> new StreamBounds(1, Duration.ZERO, MINUTE))
                .hasMessage("modelport.gateway.stream.max-duration must be positive, not PT0S");
        assertThatThrownBy(() -> new StreamBounds(1, MINUTE, Duration.ofSeconds(-1)))
                .hasMessage("modelport.gateway.stream.caller-read-timeout must be positive, not PT-1S");
    }

    @Test
    void shouldNameTheBoundInTheErrorsAStreamEndsWith() {
        StreamBounds bounds = new StreamBounds(64 << 20, Duration.ofMinutes(30), MINUTE);

        assertThat(bounds.tooLarge().code()).isEqualTo("stream_too_large");
        assertThat(bounds.tooLarge().getMessage()).contains("67108864 bytes");
        assertThat(bounds.tooLong().code()).isEqualTo("stream_too_long");
        assertThat(bounds.tooLong().getMessage()).contains("1800 s");
        assertThat(bounds.callerNotReading().code()).isEqualTo("caller_not_reading");
        assertThat(bounds.callerNotReading().getMessage()).contains("60 s");
    }
}
