package dev.switchboard.redis;

import java.time.Duration;

/** Waiting, bounded, for a cluster to converge. */
final class Cluster {

    private Cluster() {
    }

    /** Whether {@code node} knows who holds {@code name} without asking Redis: held there, or in its directory. */
    static boolean knows(Node node, String name) {
        dev.switchboard.core.Recipient found = node.registry.find(name);
        return !(found instanceof RemoteHandle handle) || handle.node != null;
    }

    /** Retries {@code assertion} every 20 ms until it passes or 10 s have passed. */
    static void eventually(Runnable assertion) {
        eventually(Duration.ofSeconds(10), assertion);
    }

    static void eventually(Duration within, Runnable assertion) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
