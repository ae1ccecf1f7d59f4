package dev.modelport.operator;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands tasks to an executor with at most {@code perHost} of one upstream host's at once, in their order; the
 * others wait in the host's lane, outside the executor's queue, so that thousands of models on one host neither
 * flood it nor hold back the tests of models on other hosts.
 */
final class HostLanes {

    private static final class Lane {
        int running;
        final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    }

    private final Executor executor;
    private final int perHost;
    /** Guarded by itself; a host's lane exists while it has a task running. */
    private final Map<String, Lane> lanes = new HashMap<>();

    HostLanes(Executor executor, int perHost) {
        if (perHost < 1) {
            throw new IllegalArgumentException("modelport.tests-per-host must be at least 1, not " + perHost);
        }
        this.executor = executor;
        this.perHost = perHost;
    }

    /** An executor for one host's tasks. */
    Executor forHost(String host) {
        return task -> execute(host, task);
    }

    private void execute(String host, Runnable task) {
        synchronized (lanes) {
            Lane lane = lanes.computeIfAbsent(host, h -> new Lane());
            if (lane.running >= perHost) {
                lane.waiting.add(task);
                return;
            }
            lane.running++;
        }
        hand(host, task);
    }

    private void hand(String host, Runnable task) {
        try {
            executor.execute(() -> runThenNext(host, task));
        } catch (RejectedExecutionException stopping) {
            // The executor is shut down with the operator: nothing more runs, the lane is dropped with it.
        }
    }

    private void runThenNext(String host, Runnable task) {
        try {
            task.run();
        } finally {
            Runnable next;
            synchronized (lanes) {
                Lane lane = lanes.get(host);
                next = lane.waiting.poll();
                if (next == null && --lane.running == 0) {
                    lanes.remove(host);
                }
            }
            if (next != null) {
                hand(host, next);
            }
        }
    }
}
