package dev.modelport.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.testing.LogCapture;
import dev.modelport.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** During an outage every request fails: one WARN per 10 s, the rest at DEBUG. */
class FailureLogTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FailureLog log = new FailureLog(clock);

    @Test
    void warnsOncePerIntervalAndLogsTheRestAtDebug() {
        try (LogCapture capture = LogCapture.everyLevelOf("dev.modelport.gateway.auth")) {
            RuntimeException failure = new RuntimeException("connection refused");

            log.log("TokenReview", "models", "gpt", failure, "t");
            clock.advance(Duration.ofSeconds(9));
            log.log("TokenReview", "models", "gpt", failure, "t");
            clock.advance(Duration.ofSeconds(1));
            log.log("SubjectAccessReview", "models", "gpt", failure, "t");

            List<Boolean> warnings = capture.lines().stream()
                    .filter(line -> FailureLog.class.getName().equals(line.logger()))
                    .map(line -> line.level().intValue() >= Level.WARNING.intValue())
                    .toList();
            assertThat(warnings).containsExactly(true, false, true);
        }
    }
}
