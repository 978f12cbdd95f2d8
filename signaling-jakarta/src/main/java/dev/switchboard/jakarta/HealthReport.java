package dev.switchboard.jakarta;

import dev.switchboard.core.ClusterRegistry;
import dev.switchboard.core.SignalingRouter;

/**
 * What a host's HTTP health check ({@code /health} in the standalone server and the WAR) reports:
 * status 200 and {@code {"status":"ok","connections":N,"cluster":"ok"}}, or 503 and
 * {@code "status":"degraded"} while the node cannot reach its cluster. {@code "cluster"} is
 * {@code "none"} for a single node.
 *
 * @param connections open WebSocket connections
 * @param cluster {@code "none"}, {@code "ok"} or {@code "unreachable"}
 */
public record HealthReport(int connections, String cluster) {

    /** The report for {@code router}, on {@code cluster} (null for a single node), now. */
    public static HealthReport of(SignalingRouter router, ClusterRegistry cluster) {
        return new HealthReport(router.connectionCount(), cluster == null ? "none" : cluster.healthy() ? "ok" : "unreachable");
    }

    /** Whether the node works: everything but an unreachable cluster. */
    public boolean ok() {
        return !cluster.equals("unreachable");
    }

    /** 200 or 503. */
    public int httpStatus() {
        return ok() ? 200 : 503;
    }

    /** The response body. */
    public String json() {
        return "{\"status\":\"" + (ok() ? "ok" : "degraded") + "\",\"connections\":" + connections + ",\"cluster\":\""
                + cluster + "\"}";
    }
}
