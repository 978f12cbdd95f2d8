package dev.switchboard.conformance;

import java.time.Duration;

/** Waiting, bounded, for something that happens on other threads or in other processes. */
public final class Eventually {

    /** An assertion that may also throw checked exceptions. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private Eventually() {
    }

    /**
     * Retries {@code check} every 20 ms until it passes; after {@code within}, its last
     * {@link AssertionError} fails the test. Other exceptions fail at once.
     */
    public static void within(Duration within, Check check) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            pause(20);
        }
    }

    /** Sleeps {@code millis}; an interrupt fails the test (the interrupt flag is kept). */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
