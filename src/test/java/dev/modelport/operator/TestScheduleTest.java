package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionReasons;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.LastTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestScheduleTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final String HASH = "hash-1";
    private static final TestInputs INPUTS = new TestInputs(HASH, null);

    @Test
    void shouldBeDueWhenNeverTested() {
        assertDueNow(TestSchedule.decide(null, INPUTS, null, T0));
        assertDueNow(TestSchedule.decide(new ExternalModelStatus(), INPUTS, "1h", T0));
    }

    @Test
    void shouldBeDueWhileTestedIsUnknown() {
        ExternalModelStatus status = status(ConditionStatus.UNKNOWN, T0, T0, HASH, null, false);

        assertDueNow(TestSchedule.decide(status, INPUTS, null, T0.plusSeconds(1)));
    }

    @Test
    void shouldBeDueWhenInputsHashChanged() {
        ExternalModelStatus status = passed(T0, HASH, null);

        assertDueNow(TestSchedule.decide(status, new TestInputs("hash-2", null), null, T0.plusSeconds(1)));
    }

    @Test
    void shouldBeDueWhenRetestAnnotationChanged() {
        assertDueNow(TestSchedule.decide(passed(T0, HASH, "a"), new TestInputs(HASH, "b"), null, T0.plusSeconds(1)));
        assertDueNow(TestSchedule.decide(passed(T0, HASH, null), new TestInputs(HASH, "a"), null, T0.plusSeconds(1)));
        assertDueNow(TestSchedule.decide(passed(T0, HASH, "a"), INPUTS, null, T0.plusSeconds(1)));
    }

    @Test
    void shouldNotWakeWhenPassedWithoutRetestInterval() {
        TestSchedule schedule = TestSchedule.decide(passed(T0, HASH, "a"), new TestInputs(HASH, "a"), null,
                T0.plusSeconds(3600));

        assertThat(schedule.due()).isFalse();
        assertThat(schedule.wakeIn()).isNull();
    }

    @Test
    void shouldWakeForRemainingIntervalWhenPassedAndIntervalNotElapsed() {
        TestSchedule schedule = TestSchedule.decide(passed(T0, HASH, null), INPUTS, "1h",
                T0.plus(Duration.ofMinutes(20)));

        assertThat(schedule.due()).isFalse();
        assertThat(schedule.wakeIn()).isEqualTo(Duration.ofMinutes(40));
    }

    @Test
    void shouldBeDueWhenRetestIntervalElapsed() {
        assertDueNow(TestSchedule.decide(passed(T0, HASH, null), INPUTS, "1h", T0.plus(Duration.ofHours(1))));
        assertDueNow(TestSchedule.decide(passed(T0, HASH, null), INPUTS, "1h", T0.plus(Duration.ofHours(3))));
    }

    @Test
    void shouldNotWakeWhenFailedNonRetryably() {
        ExternalModelStatus status = status(ConditionStatus.FALSE, T0, T0, HASH, null, true);

        TestSchedule schedule = TestSchedule.decide(status, INPUTS, "1m", T0.plus(Duration.ofHours(1)));

        assertThat(schedule.due()).isFalse();
        assertThat(schedule.wakeIn()).isNull();
    }

    @Test
    void shouldWakeAtRetryAtWhenFailedRetryably() {
        ExternalModelStatus status = status(ConditionStatus.FALSE, T0, T0, HASH, null, false);

        TestSchedule waiting = TestSchedule.decide(status, INPUTS, null, T0.plusSeconds(2));
        assertThat(waiting.due()).isFalse();
        assertThat(waiting.wakeIn()).isEqualTo(Duration.ofSeconds(3));

        assertDueNow(TestSchedule.decide(status, INPUTS, null, T0.plusSeconds(5)));
        assertDueNow(TestSchedule.decide(status, INPUTS, null, T0.plusSeconds(6)));
    }

    @Test
    void shouldDoubleBackoffUpToFiveMinutes() {
        List<Long> retries = new ArrayList<>();
        Instant lastTest = T0;
        for (int i = 0; i < 10; i++) {
            Instant retryAt = TestSchedule.retryAt(status(ConditionStatus.FALSE, T0, lastTest, HASH, null, false));
            retries.add(Duration.between(T0, retryAt).toSeconds());
            lastTest = retryAt;
        }

        assertThat(retries).containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 320L, 620L, 920L, 1220L);
    }

    @Test
    void shouldKeepPauseBetweenFiveSecondsAndFiveMinutes() {
        assertThat(TestSchedule.retryAt(T0, T0.minusSeconds(10))).isEqualTo(T0.minusSeconds(5));
        assertThat(TestSchedule.retryAt(T0, T0.plusSeconds(3))).isEqualTo(T0.plusSeconds(8));
        assertThat(TestSchedule.retryAt(T0, T0.plusSeconds(100))).isEqualTo(T0.plusSeconds(200));
        assertThat(TestSchedule.retryAt(T0, T0.plus(Duration.ofHours(2))))
                .isEqualTo(T0.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(5)));
    }

    @Test
    void shouldDecideSameTestKeyOnlyForSameLastTestTime() {
        ExternalModelStatus first = passed(T0, HASH, "a");
        ExternalModelStatus sameTime = passed(T0, HASH, "a");
        ExternalModelStatus later = passed(T0.plusSeconds(60), HASH, "a");

        String key = TestSchedule.decide(first, new TestInputs(HASH, "a"), null, T0).testKey();

        assertThat(TestSchedule.decide(sameTime, new TestInputs(HASH, "a"), null, T0.plusSeconds(30)).testKey())
                .isEqualTo(key);
        assertThat(TestSchedule.decide(later, new TestInputs(HASH, "a"), null, T0).testKey()).isNotEqualTo(key);
    }

    @Test
    void shouldDecideDifferentTestKeyForDifferentInputsOrRetestRequest() {
        ExternalModelStatus status = passed(T0, HASH, "a");
        String key = TestSchedule.decide(status, new TestInputs(HASH, "a"), null, T0).testKey();

        assertThat(TestSchedule.decide(status, new TestInputs("hash-2", "a"), null, T0).testKey()).isNotEqualTo(key);
        assertThat(TestSchedule.decide(status, new TestInputs(HASH, "b"), null, T0).testKey()).isNotEqualTo(key);
    }

    private static void assertDueNow(TestSchedule schedule) {
        assertThat(schedule.due()).isTrue();
        assertThat(schedule.wakeIn()).isNull();
        assertThat(schedule.testKey()).isNotBlank();
    }

    private static ExternalModelStatus passed(Instant testedAt, String inputsHash, String retestRequest) {
        return status(ConditionStatus.TRUE, testedAt, testedAt, inputsHash, retestRequest, false);
    }

    /** A status whose Tested condition changed at testedSince and whose last test ran at lastTestAt. */
    private static ExternalModelStatus status(ConditionStatus tested, Instant testedSince, Instant lastTestAt,
            String inputsHash, String retestRequest, boolean stalled) {
        ExternalModelStatus status = new ExternalModelStatus();
        status.conditions.add(condition(ConditionType.TESTED, tested, testedSince));
        if (stalled) {
            status.conditions.add(condition(ConditionType.STALLED, ConditionStatus.TRUE, testedSince));
        }
        status.lastTest = new LastTest();
        status.lastTest.time = lastTestAt;
        status.lastTest.inputsHash = inputsHash;
        status.lastTest.retestRequest = retestRequest;
        return status;
    }

    private static Condition condition(ConditionType type, ConditionStatus status, Instant since) {
        Condition condition = new Condition();
        condition.type = type;
        condition.status = status;
        condition.reason = status == ConditionStatus.TRUE ? ConditionReasons.TEST_PASSED : "Timeout";
        condition.message = "m";
        condition.lastTransitionTime = since;
        return condition;
    }
}
