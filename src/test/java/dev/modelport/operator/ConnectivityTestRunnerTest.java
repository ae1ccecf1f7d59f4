package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.connectivity.TestResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectivityTestRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final ResourceID MODEL = new ResourceID("support-llm", "team-a");
    private static final String HOST = "llm.example.com";
    private static final String OTHER_HOST = "other.example.com:8443";

    /** Every ResourceID the runner woke, through its event source with a recording handler. */
    private final BlockingQueue<ResourceID> woken = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ConnectivityTestRunner runner;

    @BeforeEach
    void setUp() {
        runner = new ConnectivityTestRunner(2, 2, new OperatorMetrics(registry));
        runner.eventSource().setEventHandler(event -> woken.add(event.getRelatedCustomResourceID()));
        runner.eventSource().start();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        runner.eventSource().stop();
    }

    /** The operator stops its event sources when it shuts down: the tests running then end with it. */
    @Test
    void shouldInterruptTheRunningTestsWhenItsEventSourceStops() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        runner.resultOrStart("uid-1", "key-1", MODEL, HOST, () -> {
            runs.incrementAndGet();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        });
        awaitRuns(1);

        runner.eventSource().stop();

        assertThat(interrupted.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the running test interrupted")
                .isTrue();
    }

    @Test
    void shouldStartTestAndReturnEmptyOnFirstCall() {
        Optional<TestResult> first = runner.resultOrStart("uid-1", "key-1", MODEL, HOST, blockingTest("a"));

        assertThat(first).isEmpty();
        awaitRuns(1);
    }

    @Test
    void shouldReturnFinishedResultWithoutRunningTestAgainForSameKey() throws InterruptedException {
        assertThat(runner.resultOrStart("uid-1", "key-1", MODEL, HOST, blockingTest("a"))).isEmpty();
        release.countDown();

        TestResult result = awaitResult("uid-1", "key-1", blockingTest("b"));

        assertThat(result.lastTest().outputSample).isEqualTo("a");
        assertThat(runner.resultOrStart("uid-1", "key-1", MODEL, HOST, blockingTest("c"))).containsSame(result);
        assertThat(runs).hasValue(1);
        assertThat(woken.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(MODEL);
        assertThat(woken).isEmpty();
    }

    @Test
    void shouldRunNewTestForNewKey() {
        release.countDown();
        runner.resultOrStart("uid-1", "key-1", MODEL, HOST, blockingTest("a"));
        assertThat(awaitResult("uid-1", "key-1", blockingTest("x")).lastTest().outputSample).isEqualTo("a");

        runner.resultOrStart("uid-1", "key-2", MODEL, HOST, blockingTest("b"));

        assertThat(awaitResult("uid-1", "key-2", blockingTest("x")).lastTest().outputSample).isEqualTo("b");
        assertThat(runs).hasValue(2);
    }

    @Test
    void shouldRunTestsOfDifferentModelsSeparately() {
        release.countDown();
        runner.resultOrStart("uid-1", "key", MODEL, HOST, blockingTest("a"));
        runner.resultOrStart("uid-2", "key", new ResourceID("other", "team-a"), OTHER_HOST, blockingTest("b"));

        assertThat(awaitResult("uid-1", "key", blockingTest("x")).lastTest().outputSample).isEqualTo("a");
        assertThat(awaitResult("uid-2", "key", blockingTest("x")).lastTest().outputSample).isEqualTo("b");
        assertThat(runs).hasValue(2);
    }

    @Test
    void shouldWakeModelWhenTestFinishes() throws InterruptedException {
        runner.resultOrStart("uid-1", "key-1", MODEL, HOST, blockingTest("a"));
        awaitRuns(1);
        assertThat(woken).as("no wake-up while the test runs").isEmpty();

        release.countDown();

        assertThat(woken.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(MODEL);
        assertThat(testsCounted()).as("counted before the model is woken").isEqualTo(1);
    }

    @Test
    void shouldWakeModelButReturnNothingWhenTestThrows() throws InterruptedException {
        runner.resultOrStart("uid-1", "key-1", MODEL, HOST, () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("bug");
        });

        assertThat(woken.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(MODEL);
        assertThat(runner.resultOrStart("uid-1", "key-1", MODEL, HOST, blockingTest("b"))).isEmpty();
        assertThat(runs).hasValue(1);
        assertThat(testsCounted()).as("a bug is logged, not counted as a test").isZero();
    }

    @Test
    void shouldRunAgainAfterForget() throws InterruptedException {
        runner.resultOrStart("uid-1", "key-1", MODEL, HOST, blockingTest("a"));
        awaitRuns(1);

        runner.forget("uid-1");
        release.countDown();

        assertThat(awaitResult("uid-1", "key-1", blockingTest("b")).lastTest().outputSample).isEqualTo("b");
        assertThat(runs).hasValue(2);
        assertThat(woken.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(MODEL);
        assertThat(testsCounted()).as("the forgotten test is not counted").isEqualTo(1);
    }

    /** One host's tests beyond its bound wait their turn in order; another host's run meanwhile. */
    @Test
    void shouldRunOneHostsTestsInTurnWithoutHoldingBackAnotherHosts() throws InterruptedException {
        ConnectivityTestRunner bounded = new ConnectivityTestRunner(2, 1, new OperatorMetrics(registry));
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        try {
            bounded.resultOrStart("uid-1", "key", MODEL, HOST, recordingTest("a", started));
            bounded.resultOrStart("uid-2", "key", new ResourceID("second", "team-a"), HOST,
                    recordingTest("b", started));
            bounded.resultOrStart("uid-3", "key", new ResourceID("elsewhere", "team-a"), OTHER_HOST,
                    recordingTest("c", started));

            assertThat(List.of(started.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    started.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))).containsExactlyInAnyOrder("a", "c");
            assertThat(started.poll(200, TimeUnit.MILLISECONDS)).as("the host's second test waits for its first")
                    .isNull();

            release.countDown();

            assertThat(started.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("b");
        } finally {
            bounded.eventSource().stop();
        }
    }

    private Supplier<TestResult> recordingTest(String output, BlockingQueue<String> started) {
        Supplier<TestResult> test = blockingTest(output);
        return () -> {
            started.add(output);
            return test.get();
        };
    }

    private double testsCounted() {
        return registry.find(OperatorMetrics.TESTS).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /**
     * The wake-up starts a reconcile on another thread, which asks for the result at once: the result must be
     * there by then, or the model waits for an unrelated event.
     */
    @Test
    void shouldHaveResultReadyWhenModelIsWoken() throws InterruptedException {
        CountDownLatch wokenLatch = new CountDownLatch(1);
        CountDownLatch reconciled = new CountDownLatch(1);
        ConnectivityTestRunner racing = new ConnectivityTestRunner(1, 1, new OperatorMetrics(registry));
        racing.eventSource().setEventHandler(event -> {
            wokenLatch.countDown();
            awaitQuietly(reconciled);
        });
        racing.eventSource().start();
        try {
            racing.resultOrStart("uid-1", "key-1", MODEL, HOST, blockingTest("a"));
            release.countDown();
            assertThat(wokenLatch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            AtomicReference<Optional<TestResult>> seen = new AtomicReference<>(
                    racing.resultOrStart("uid-1", "key-1", MODEL, HOST, blockingTest("b")));
            reconciled.countDown();

            assertThat(seen.get()).as("result seen by the reconcile the wake-up started").isPresent();
        } finally {
            racing.eventSource().stop();
        }
    }

    private Supplier<TestResult> blockingTest(String output) {
        return () -> {
            runs.incrementAndGet();
            awaitQuietly(release);
            LastTest lastTest = new LastTest();
            lastTest.time = Instant.parse("2025-01-01T10:00:00Z");
            lastTest.outputSample = output;
            return new TestResult(lastTest, null, null, null, "creds");
        };
    }

    /** Asks for the result until the run finished, as repeated reconciles would, for at most TIMEOUT. */
    private TestResult awaitResult(String uid, String key, Supplier<TestResult> fallback) {
        return Awaitility.await("the result for " + key).atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> runner.resultOrStart(uid, key, MODEL, HOST, fallback), Optional::isPresent).get();
    }

    private void awaitRuns(int expected) {
        Awaitility.await(expected + " runs").atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(runs::get, count -> count >= expected);
        assertThat(runs).hasValue(expected);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
