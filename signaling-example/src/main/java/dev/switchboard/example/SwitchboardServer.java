package dev.switchboard.example;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ClusterRegistry;
import dev.switchboard.core.NameRegistry;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.example.internal.GrizzlyTyrusHost;
import dev.switchboard.example.internal.WebHandler;
import dev.switchboard.example.internal.WriteCoalescingFilter;
import dev.switchboard.redis.RedisNameRegistry;
import dev.switchboard.jakarta.EndpointOptions;
import dev.switchboard.jakarta.HealthReport;
import dev.switchboard.jakarta.SignalingEndpoints;
import dev.switchboard.jakarta.SwitchboardSettings;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone Switchboard server: Tyrus on Grizzly, one port for the WebSocket endpoint, the
 * demo page and the JavaScript client (from signaling-web).
 *
 * <pre>{@code
 * try (SwitchboardServer server = SwitchboardServer.builder().port(9090).build().start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>From the command line: {@code --host}, {@code --port}, {@code --path} (see {@link #main}).
 * Thread-safe; {@link #close} is idempotent.
 */
public final class SwitchboardServer implements AutoCloseable {

    /** Close code sent to every client when the server stops: 1001, going away. */
    public static final int SHUTDOWN_CODE = 1001;

    /** Held so that the level set in {@link #run} is not lost when JUL drops unreferenced loggers. */
    private static final java.util.logging.Logger GRIZZLY_LOG = java.util.logging.Logger.getLogger("org.glassfish.grizzly");
    private static final java.util.logging.Logger LETTUCE_RECONNECT_LOG = java.util.logging.Logger.getLogger("io.lettuce.core.protocol");

    private final String host;
    private final int requestedPort;
    private final String path;
    private final SignalingRouter router;
    private final EndpointOptions options;
    private final Duration drainTimeout;
    private final ClusterRegistry cluster;
    private final GrizzlyTyrusHost container = new GrizzlyTyrusHost();
    private volatile boolean started;
    private volatile boolean closed;

    private SwitchboardServer(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.path = b.path;
        this.router = b.router != null ? b.router : SignalingRouter.create();
        this.options = b.options;
        this.drainTimeout = b.drainTimeout;
        this.cluster = b.cluster;
    }

    /** A builder with the defaults: {@code localhost:9090}, path {@code /}, a default router. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public SwitchboardServer start() {
        try {
            container.addEndpoint(SignalingEndpoints.config(router, path, options));
            container.start(host, requestedPort, new WebHandler(path, () -> HealthReport.of(router, cluster)));
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + requestedPort, e);
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot deploy the signaling endpoint at " + path, e);
        }
        return this;
    }

    /** The port the server listens on (the chosen one when the builder asked for port 0); before
     *  {@link #start}, the configured port. */
    public int port() {
        return started ? container.getPort() : requestedPort;
    }

    /** The WebSocket URL clients connect to, such as {@code ws://localhost:9090/}. */
    public String url() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return "ws://" + shownHost + ":" + port() + path;
    }

    /** The router behind the endpoint. */
    public SignalingRouter router() {
        return router;
    }

    /**
     * Stops: new WebSocket upgrades are refused with 503, every client receives close
     * {@value #SHUTDOWN_CODE}, the server waits up to the drain timeout for the closes to be
     * acknowledged, then releases the port.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        container.refuseUpgrades();
        router.shutdown(SHUTDOWN_CODE, "Server shutting down");
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (router.connectionCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        container.stop();
        if (cluster != null) {
            cluster.close(); // after the router: its users' names were released, their peers told
        }
    }

    /**
     * Runs the server until Ctrl-C or SIGTERM.
     *
     * <pre>
     * --host HOST   interface to bind (default localhost; 0.0.0.0 for every interface)
     * --port PORT   port (default 9090; 0 picks a free one)
     * --path PATH   WebSocket path (default /)
     * </pre>
     *
     * Limits and timeouts come from the same settings as the WAR's ({@link SwitchboardSettings}),
     * as {@code SWITCHBOARD_*} environment variables or {@code -Dswitchboard.*} system properties;
     * {@code switchboard.path} is ignored here in favour of {@code --path}.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder builder;
        try {
            builder = Cli.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.err.println(Cli.USAGE);
            System.exit(2);
            return;
        }
        if (builder == null) {
            System.out.println(Cli.USAGE);
            return;
        }
        run(builder, System.out);
    }

    static void run(Builder builder, PrintStream out) throws InterruptedException {
        SwitchboardSettings settings;
        try {
            settings = SwitchboardSettings.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        NameRegistry registry;
        try {
            registry = settings.cluster() != null ? joinCluster(settings.cluster()) : settings.newRegistry();
        } catch (IllegalStateException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.exit(1);
            return;
        }
        builder.router(settings.newRouter(registry)).options(settings.options());
        if (registry instanceof ClusterRegistry cluster) {
            builder.cluster(cluster);
        }
        // the command line prints its own one-line status; Grizzly's start-up INFO lines add nothing
        GRIZZLY_LOG.setLevel(java.util.logging.Level.WARNING);
        // the cluster backend logs a lost and a restored Redis link once each; Lettuce would log
        // every reconnect attempt of each of its connections
        LETTUCE_RECONNECT_LOG.setLevel(java.util.logging.Level.SEVERE);
        SwitchboardServer server = builder.build();
        try {
            server.start();
        } catch (UncheckedIOException e) {
            System.err.println("switchboard: " + e.getMessage() + ": " + e.getCause().getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.println("Switchboard stopped");
            out.flush();
            stopped.countDown();
        }, "switchboard-shutdown"));
        out.println("Switchboard listening on " + server.url());
        if (settings.cluster() != null) {
            out.println("Switchboard is a node of the cluster at " + settings.cluster());
        }
        out.flush();
        stopped.await();
    }

    /**
     * Joins the cluster: a {@link RedisNameRegistry} whose messages from other nodes are written
     * to each client together, as the messages from one client's read are (one system call per
     * client and read from Redis, instead of one per message).
     */
    static RedisNameRegistry joinCluster(SwitchboardSettings.Cluster cluster) {
        return RedisNameRegistry.connect(RedisNameRegistry.Config.of(cluster.uri()).withKeyPrefix(cluster.keyPrefix())
                .withLease(cluster.lease()).withReadBatch(new RedisNameRegistry.ReadBatch() {
                    @Override
                    public void begin() {
                        WriteCoalescingFilter.beginBatch();
                    }

                    @Override
                    public void end() {
                        WriteCoalescingFilter.endBatch();
                    }
                }));
    }

    /** Configures a {@link SwitchboardServer}. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 9090;
        private String path = "/";
        private SignalingRouter router;
        private EndpointOptions options = EndpointOptions.DEFAULTS;
        private Duration drainTimeout = Duration.ofSeconds(2);
        private ClusterRegistry cluster;

        private Builder() {
        }

        /** The interface to bind; default {@code localhost}. */
        public Builder host(String host) {
            this.host = requireNonNull(host, "host is null");
            return this;
        }

        /** The port, 0 to 65535; 0 picks a free port. Default 9090, the tutorial's. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The WebSocket path, starting with {@code /}; default {@code /}. */
        public Builder path(String path) {
            this.path = SignalingEndpoints.checkPath(path);
            return this;
        }

        /** The router; default {@link SignalingRouter#create()}. */
        public Builder router(SignalingRouter router) {
            this.router = requireNonNull(router, "router is null");
            return this;
        }

        /** Per-connection limits; default {@link EndpointOptions#DEFAULTS}. */
        public Builder options(EndpointOptions options) {
            this.options = requireNonNull(options, "options is null");
            return this;
        }

        /** How long {@link #close} waits for clients to acknowledge the close; default 2 s. */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout is null");
            return this;
        }

        /**
         * The cluster registry the router was built on, if any: {@code /health} reports its link,
         * and {@link SwitchboardServer#close} closes it after the router has shut down.
         */
        public Builder cluster(ClusterRegistry cluster) {
            this.cluster = requireNonNull(cluster, "cluster is null");
            return this;
        }

        /** A server with this configuration, not yet started. */
        public SwitchboardServer build() {
            return new SwitchboardServer(this);
        }
    }
}
