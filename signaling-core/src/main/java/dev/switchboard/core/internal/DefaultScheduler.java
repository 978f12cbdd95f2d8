package dev.switchboard.core.internal;

import dev.switchboard.core.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link Scheduler#systemDefault()}: one daemon thread. Not part of the API. */
public final class DefaultScheduler implements Scheduler {

    public static final DefaultScheduler INSTANCE = new DefaultScheduler();

    private final ScheduledThreadPoolExecutor executor;

    private DefaultScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "switchboard-timers");
            thread.setDaemon(true);
            return thread;
        });
        // connections cancel their timers when they close: drop cancelled tasks at once
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
