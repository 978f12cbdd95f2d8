package dev.switchboard.core;

import java.time.Duration;

/**
 * Runs the router's timers (login timeouts, pings). Injected so that tests drive time by hand;
 * {@link #systemDefault()} is a shared daemon thread. Tasks must not block; they run on the
 * scheduler's thread, never while the router holds a lock.
 */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that may still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run; idempotent. */
        void cancel();
    }

    /** One shared daemon thread for every router of this class loader, started on first use. */
    static Scheduler systemDefault() {
        return dev.switchboard.core.internal.DefaultScheduler.INSTANCE;
    }
}
