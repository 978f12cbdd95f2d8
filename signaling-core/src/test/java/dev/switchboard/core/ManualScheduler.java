package dev.switchboard.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Scheduler} whose time moves only when a test advances it, together with its clock. */
final class ManualScheduler implements Scheduler {

    private final SignalingRouterTest.MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();

    private static final class Task {
        final Instant due;
        final Runnable runnable;
        boolean cancelled;

        Task(Instant due, Runnable runnable) {
            this.due = due;
            this.runnable = runnable;
        }
    }

    ManualScheduler(SignalingRouterTest.MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable runnable) {
        Task task = new Task(clock.instant().plus(delay), runnable);
        tasks.add(task);
        return () -> task.cancelled = true;
    }

    /** Moves time forward, running every task that falls due, in order, including ones they schedule. */
    void advance(Duration by) {
        Instant end = clock.instant().plus(by);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.cancelled && !t.due.isAfter(end))
                        .min(Comparator.comparing(t -> t.due)).orElse(null);
                if (next != null) {
                    tasks.remove(next);
                }
            }
            if (next == null) {
                break;
            }
            clock.advance(Duration.between(clock.instant(), next.due));
            next.runnable.run();
        }
        clock.advance(Duration.between(clock.instant(), end));
    }

    /** How many tasks are waiting and not cancelled. */
    synchronized long pending() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }
}
