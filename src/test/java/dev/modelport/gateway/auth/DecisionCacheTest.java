package dev.modelport.gateway.auth;

import dev.modelport.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DecisionCache cache = new DecisionCache(100, clock);

    private static DecisionCache.Key key(int i) {
        return new DecisionCache.Key("hash" + i, "models", "gpt");
    }

    @Test
    void neverHoldsMoreThanMaxEntries() {
        for (int i = 0; i < 1_000; i++) {
            cache.put(key(i), Decision.allow("u" + i), Duration.ofMinutes(1));
            assertThat(cache.size()).isLessThanOrEqualTo(100);
        }
        assertThat(cache.size()).isEqualTo(100);
        assertThat(cache.get(key(899))).isNull();
        assertThat(cache.get(key(900))).isEqualTo(Decision.allow("u900"));
    }

    @Test
    void anEntryExpiresAtItsOwnTtlAndIsThenDropped() {
        cache.put(key(1), Decision.allow("a"), Duration.ofSeconds(30));
        cache.put(key(2), Decision.deny(403, "no", "b"), Duration.ofSeconds(5));

        clock.advance(Duration.ofSeconds(5));

        assertThat(cache.get(key(2))).isNull();
        assertThat(cache.get(key(1))).isEqualTo(Decision.allow("a"));
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aZeroTtlKeepsNothing() {
        cache.put(key(1), Decision.allow("a"), Duration.ZERO);

        assertThat(cache.get(key(1))).isNull();
        assertThat(cache.size()).isZero();
    }
}
