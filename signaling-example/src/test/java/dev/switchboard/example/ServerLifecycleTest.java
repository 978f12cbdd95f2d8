package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.conformance.ContainerProcess;
import dev.switchboard.conformance.WsClient;
import dev.switchboard.example.internal.GrizzlyTyrusHost;
import dev.switchboard.example.internal.WebHandler;
import dev.switchboard.jakarta.HealthReport;
import dev.switchboard.jakarta.SignalingServerEndpoint;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting, configuring and stopping the standalone server, including as a real process. */
class ServerLifecycleTest {

    @Test
    void closingTheServerSendsGoingAwayToEveryClientAndReleasesThePort() throws Exception {
        SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0).build().start();
        int port = server.port();
        WsClient alice = WsClient.connect("alice", server.url()).login("alice");
        WsClient anonymous = WsClient.connect("anonymous", server.url());

        server.close();

        assertThat(alice.awaitCloseCode()).isEqualTo(1001);
        assertThat(anonymous.awaitCloseCode()).isEqualTo(1001);
        // a client hears 1001 before the server has handled the end of the closing handshake
        assertThat(connectionsWithin(server, 5)).isZero();
        assertThat(canBind(port)).as("port %d is free again", port).isTrue();
    }

    /** The router's connection count once it is zero, or after {@code seconds}. */
    private static int connectionsWithin(SwitchboardServer server, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (server.router().connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return server.router().connectionCount();
    }

    /** Whether {@code port} can be bound within a few seconds (the listener closes asynchronously). */
    private static boolean canBind(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return true;
            } catch (java.io.IOException stillBound) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void whileStoppingNewUpgradesAreRefusedWith503() throws Exception {
        GrizzlyTyrusHost host = new GrizzlyTyrusHost();
        host.addEndpoint(dev.switchboard.jakarta.SignalingEndpoints.config(dev.switchboard.core.SignalingRouter.create(), "/"));
        host.start("127.0.0.1", 0, new WebHandler("/", () -> new HealthReport(0, "none")));
        try {
            String url = "ws://127.0.0.1:" + host.getPort() + "/";
            WsClient before = WsClient.connect("before", url).login("before");
            host.refuseUpgrades();
            java.net.http.WebSocketHandshakeException refused = (java.net.http.WebSocketHandshakeException)
                    org.assertj.core.api.Assertions.catchThrowable(() -> WsClient.connect("late", url)).getCause();
            assertThat(refused.getResponse().statusCode()).isEqualTo(503);
            before.receivesNothingElse(); // existing clients are untouched until the router closes them
            before.close();
        } finally {
            host.stop();
        }
    }

    @Test
    void theEndpointPathIsConfigurable() {
        try (SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0)
                .path("/signaling").build().start()) {
            assertThat(server.url()).endsWith("/signaling");
            WsClient.connect("alice", server.url()).login("alice").receivesNothingElse();
            String root = "ws://127.0.0.1:" + server.port() + "/";
            assertThatThrownBy(() -> WsClient.connect("lost", root)).isInstanceOf(CompletionException.class);
        }
    }

    @Test
    void aPortInUseFailsStartWithTheAddressInTheMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(taken.getLocalPort()).build();
            assertThatThrownBy(server::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void theAnnotatedEndpointServesTheSameProtocol() throws Exception {
        GrizzlyTyrusHost host = new GrizzlyTyrusHost();
        host.addEndpoint(SignalingServerEndpoint.class);
        host.start("127.0.0.1", 0, new WebHandler("/", () -> new HealthReport(0, "none")));
        try {
            String url = "ws://127.0.0.1:" + host.getPort() + "/";
            WsClient alice = WsClient.connect("alice", url).login("alice");
            WsClient bob = WsClient.connect("bob", url).login("bob");
            alice.send("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{\"sdp\":\"v=0\"}}");
            bob.receives("{\"type\":\"offer\",\"offer\":{\"sdp\":\"v=0\"},\"name\":\"alice\"}");
            alice.abort();
            bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");
            bob.receivesNothingElse();
            bob.close();
        } finally {
            host.stop();
        }
    }

    @Test
    void asAProcessItPrintsItsUrlAndStopsCleanlyOnSigterm() throws Exception {
        int port = ContainerProcess.freePort();
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                SwitchboardServer.class.getName(), "--host", "127.0.0.1", "--port", String.valueOf(port))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(readLineStartingWith(out, "Switchboard")).isEqualTo("Switchboard listening on ws://127.0.0.1:" + port + "/");
            WsClient alice = WsClient.connect("alice", "ws://127.0.0.1:" + port + "/").login("alice");

            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout

            assertThat(alice.awaitCloseCode()).isEqualTo(1001);
            assertThat(alice.closeReason()).isEqualTo("Server shutting down");
            assertThat(readLineStartingWith(out, "Switchboard")).isEqualTo("Switchboard stopped");
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void asAProcessItTakesItsLimitsFromTheEnvironment() throws Exception {
        int port = ContainerProcess.freePort();
        Process process = serverProcess(port, java.util.Map.of("SWITCHBOARD_LOGIN_TIMEOUT_SECONDS", "1"));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(readLineStartingWith(out, "Switchboard")).startsWith("Switchboard listening on");
            WsClient idle = WsClient.connect("idle", "ws://127.0.0.1:" + port + "/");
            assertThat(idle.awaitCloseCode()).isEqualTo(4408);
        } finally {
            process.toHandle().destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    @Test
    void asAProcessABadSettingStopsItWithAMessageNamingTheSetting() throws Exception {
        Process process = serverProcess(0, java.util.Map.of("SWITCHBOARD_MESSAGE_BURST", "many"));
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(output).contains("switchboard: bad configuration: switchboard.messageBurst = 'many'"
                    + " (from environment variable SWITCHBOARD_MESSAGE_BURST) must be a positive whole number");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void withASmallHeapTheServerSurvivesClientsThatStopReadingWhileOthersFloodThem() throws Exception {
        int port = ContainerProcess.freePort();
        Process process = serverProcess(port, java.util.Map.of(), "-Xmx48m", "-XX:+ExitOnOutOfMemoryError");
        java.util.List<AutoCloseable> open = new java.util.ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(readLineStartingWith(out, "Switchboard")).startsWith("Switchboard listening on");
            String url = "ws://127.0.0.1:" + port + "/";
            int pairs = 10;
            java.util.List<WsClient> senders = new java.util.ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                dev.switchboard.conformance.RawWebSocket stalled = dev.switchboard.conformance.RawWebSocket.connect(url);
                open.add(stalled);
                stalled.sendText("{\"type\":\"login\",\"name\":\"stalled" + i + "\"}"); // and never reads again
                WsClient sender = WsClient.connect("sender" + i, url).login("sender" + i);
                open.add(sender);
                senders.add(sender);
            }
            // ~350 offers of 30 KB per sender (about 100 MB in all), paced to stay within the rate limit
            String payload = "s".repeat(30_000);
            for (int n = 0; n < 350; n++) {
                for (int i = 0; i < pairs; i++) {
                    senders.get(i).send("{\"type\":\"offer\",\"name\":\"stalled" + i + "\",\"offer\":\"" + payload + "\"}");
                }
                if (n >= 190) {
                    Thread.sleep(22);
                }
            }
            assertThat(process.isAlive()).as("the server survived").isTrue();
            for (int i = 0; i < pairs; i++) {
                boolean told = false;
                for (String reply; !told && (reply = senders.get(i).poll(5_000)) != null; ) {
                    told = reply.equals("{\"type\":\"leave\",\"name\":\"stalled" + i + "\"}");
                }
                assertThat(told).as("sender%d heard that stalled%d was cut off", i, i).isTrue();
            }
            try (WsClient fresh = WsClient.connect("fresh", url)) {
                fresh.login("fresh").receivesNothingElse();
            }
        } finally {
            for (AutoCloseable closeable : open) {
                closeable.close();
            }
            process.toHandle().destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    private static Process serverProcess(int port, java.util.Map<String, String> environment, String... jvmOptions)
            throws java.io.IOException {
        return ServerProcess.start(port, environment, jvmOptions);
    }

    private static String readLineStartingWith(BufferedReader out, String prefix) throws Exception {
        return ServerProcess.readLineStartingWith(out, prefix);
    }
}
