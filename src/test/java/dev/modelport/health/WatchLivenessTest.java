package dev.modelport.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A watch lost for longer than the limit makes the role not live; a shorter loss is ridden out. */
class WatchLivenessTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T00:00:00Z"));
    private final WatchLiveness liveness = new WatchLiveness(Duration.ofSeconds(120), clock);

    @Test
    void shouldStayLiveThroughALossShorterThanTheLimit() {
        assertThat(liveness.live(true)).isTrue();
        assertThat(liveness.live(false)).isTrue();
        clock.advance(Duration.ofSeconds(119));
        assertThat(liveness.live(false)).isTrue();
        assertThat(liveness.live(true)).isTrue();
        clock.advance(Duration.ofSeconds(60));
        assertThat(liveness.live(false)).as("a new loss counts from its own start").isTrue();
    }

    @Test
    void shouldFailOnceTheWatchHasBeenLostLongerThanTheLimitAndRecoverWithIt() {
        assertThat(liveness.live(false)).isTrue();
        clock.advance(Duration.ofSeconds(121));
        assertThat(liveness.live(false)).isFalse();
        assertThat(liveness.live(true)).isTrue();
    }
}
