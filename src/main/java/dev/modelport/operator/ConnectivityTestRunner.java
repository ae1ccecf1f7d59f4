package dev.modelport.operator;

import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.connectivity.TestResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs connectivity tests off the reconcile threads (a test may take minutes) and wakes the model's reconcile
 * through its event source when one finishes. Keeps the latest run per model, so a reconcile that asks again for
 * the same test key gets the finished result instead of a second call to the endpoint. Its threads live as long as
 * its event source: when the operator stops the event source, the running tests are interrupted and the threads end.
 */
final class ConnectivityTestRunner {

    private record Run(String key, CompletableFuture<TestResult> result) {
    }

    private static final Logger LOG = Logger.getLogger(ConnectivityTestRunner.class);

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final HostLanes lanes;
    private final WakeUps wakeUps;
    private final OperatorMetrics metrics;

    /**
     * @param threads how many tests run at once ({@code modelport.test-threads}), and {@code perHost} how many of
     *     them may call one upstream host ({@code modelport.tests-per-host})
     */
    ConnectivityTestRunner(int threads, int perHost, OperatorMetrics metrics) {
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "modelport-test-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.lanes = new HostLanes(executor, perHost);
        this.wakeUps = new WakeUps();
        this.metrics = metrics;
    }

    /** The event source that wakes a model when its test finished; stopping it stops the runner. */
    SimpleInboundEventSource<ExternalModel> eventSource() {
        return wakeUps;
    }

    private final class WakeUps extends SimpleInboundEventSource<ExternalModel> {

        WakeUps() {
            super("connectivity-tests");
        }

        @Override
        public void stop() {
            executor.shutdownNow();
            super.stop();
        }
    }

    /**
     * The result of the test with this key for the model; when none has run, starts it and returns empty (the
     * model is reconciled again when it finishes). A new key replaces the model's previous run.
     *
     * @param host the upstream host the test calls ({@code host:port}), whose tests are bounded together
     */
    Optional<TestResult> resultOrStart(String uid, String key, ResourceID model, String host,
            Supplier<TestResult> test) {
        Run run = runs.compute(uid, (id, current) -> current != null && current.key().equals(key) ? current
                : start(key, model, host, test));
        return run.result().isDone() && !run.result().isCompletedExceptionally()
                ? Optional.of(run.result().join()) : Optional.empty();
    }

    /**
     * The wake-up hangs off the test's own future, so the result is readable when the reconcile comes; the test is
     * counted before it. A forgotten test is not counted: its model is gone.
     */
    private Run start(String key, ResourceID model, String host, Supplier<TestResult> test) {
        CompletableFuture<TestResult> result = CompletableFuture.supplyAsync(test, lanes.forHost(host));
        result.whenComplete((done, error) -> {
            if (error instanceof CancellationException) {
                return; // forgotten: the model was deleted, nobody waits for this result
            }
            if (error != null) {
                // A bug, not an endpoint failure (those are results): the model stays Reconciling.
                LOG.errorf(error, "connectivity test of %s failed unexpectedly", model);
            } else if (done != null) {
                metrics.testFinished(done);
            }
            wakeUps.propagateEvent(model);
        });
        return new Run(key, result);
    }

    /** The model is gone: drop its run. */
    void forget(String uid) {
        Run run = runs.remove(uid);
        if (run != null) {
            run.result().cancel(true);
        }
    }
}
