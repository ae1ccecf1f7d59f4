package dev.modelport.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The caller label's cap: the first callers keep their name, the rest are "other", unidentified ones "unknown". */
class CallerLabelsTest {

    @Test
    void shouldKeepTheFirstCallersUpToTheCapAndCountTheRestAsOther() {
        CallerLabels labels = new CallerLabels(2);

        assertThat(labels.label("team-a/app")).isEqualTo("team-a/app");
        assertThat(labels.label("team-b/batch")).isEqualTo("team-b/batch");
        assertThat(labels.label("team-c/late")).isEqualTo("other");
        assertThat(labels.label("team-a/app")).as("an admitted caller keeps its label").isEqualTo("team-a/app");
        assertThat(labels.label("team-b/batch")).isEqualTo("team-b/batch");
        assertThat(labels.label("team-c/late")).as("a refused caller stays other").isEqualTo("other");
    }

    @Test
    void shouldLabelAnUnidentifiedCallerUnknownWithoutTakingAPlace() {
        CallerLabels labels = new CallerLabels(1);

        assertThat(labels.label(null)).isEqualTo("unknown");
        assertThat(labels.label("team-a/app")).isEqualTo("team-a/app");
        assertThat(labels.label(null)).isEqualTo("unknown");
    }

    @Test
    void shouldCountEveryCallerAsOtherWithACapOfZeroAndRefuseANegativeCap() {
        assertThat(new CallerLabels(0).label("team-a/app")).isEqualTo("other");
        assertThatThrownBy(() -> new CallerLabels(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("modelport.gateway.metrics.max-callers must be 0 or more, not -1");
    }

    @Test
    void shouldAdmitExactlyTheCapOfCallersWhenManyArriveAtOnce() throws Exception {
        CallerLabels labels = new CallerLabels(10);
        Set<String> named = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = IntStream.range(0, 50).mapToObj(i -> Thread.ofPlatform().start(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int caller = 0; caller < 40; caller++) {
                String label = labels.label("ns/caller-" + caller);
                if (!label.equals("other")) {
                    named.add(label);
                }
            }
        })).toList();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(named).hasSize(10);
        named.forEach(caller -> assertThat(labels.label(caller)).isEqualTo(caller));
    }
}
