package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.ContainerProcess;
import dev.switchboard.conformance.Eventually;
import dev.switchboard.conformance.RedisProcess;
import dev.switchboard.conformance.WsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Standalone servers as real processes joined into a cluster by {@code SWITCHBOARD_REDIS_URI}:
 * a node killed with {@code kill -9}, Redis going away under a running node, and a node that
 * cannot reach Redis at start.
 */
class ClusterProcessTest {

    private static final Duration LEASE = Duration.ofSeconds(2);

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : processes) {
            process.toHandle().destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A node of the cluster on {@code redis}; returns its port once it listens. */
    private int node(RedisProcess redis) throws Exception {
        return node(redis.uri());
    }

    /** A node of the cluster at {@code redisUri}, a JVM with {@code jvmOptions}; returns its port once it listens. */
    private int node(String redisUri, String... jvmOptions) throws Exception {
        int port = ContainerProcess.freePort();
        Process process = ServerProcess.start(port, Map.of("SWITCHBOARD_REDIS_URI", redisUri,
                "SWITCHBOARD_REDIS_LEASE_SECONDS", Long.toString(LEASE.toSeconds())), jvmOptions);
        processes.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(ServerProcess.readLineStartingWith(out, "Switchboard")).isEqualTo("Switchboard listening on ws://127.0.0.1:" + port + "/");
        assertThat(ServerProcess.readLineStartingWith(out, "Switchboard")).isEqualTo(
                "Switchboard is a node of the cluster at Cluster[uri=" + redisUri + ", keyPrefix=switchboard, lease=PT2S]");
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return port;
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> health(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNodeKilledWithKill9FreesItsNamesWithinTheLeaseAndItsPeersOnOtherNodesHearLeave() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            int a = node(redis);
            int b = node(redis);
            WsClient alice = WsClient.connect("alice", "ws://127.0.0.1:" + a + "/").login("alice");
            WsClient bob = WsClient.connect("bob", "ws://127.0.0.1:" + b + "/").login("bob");
            alice.send("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
            bob.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"alice\"}");

            processes.get(0).toHandle().destroyForcibly(); // SIGKILL: no goodbye to Redis
            long killed = System.nanoTime();
            WsClient again = WsClient.connect("alice again", "ws://127.0.0.1:" + b + "/");
            again.send("{\"type\":\"login\",\"name\":\"alice\"}");
            again.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name alice is already taken\"}");

            bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");
            Duration heard = Duration.ofNanos(System.nanoTime() - killed);
            Eventually.within(Duration.ofSeconds(10), () -> {
                again.send("{\"type\":\"login\",\"name\":\"alice\"}");
                assertThat(again.next()).isEqualTo("{\"type\":\"login\",\"success\":true}");
            });
            Duration freed = Duration.ofNanos(System.nanoTime() - killed);
            // the lease, plus one renewal interval (a quarter of it), plus slack for a busy machine
            assertThat(heard).isLessThan(LEASE.multipliedBy(2));
            assertThat(freed).isLessThan(LEASE.multipliedBy(2));
            bob.send("{\"type\":\"candidate\",\"name\":\"alice\",\"candidate\":{}}");
            again.receives("{\"type\":\"candidate\",\"candidate\":{},\"name\":\"bob\"}");
            bob.receivesNothingElse();
            alice.abort();
        }
    }

    @Test
    void healthReportsTheRedisLinkAndTheNodeRecoversWhenRedisReturns() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            int port = node(redis);
            WsClient carol = WsClient.connect("carol", "ws://127.0.0.1:" + port + "/").login("carol");
            assertThat(health(port).body()).isEqualTo("{\"status\":\"ok\",\"connections\":1,\"cluster\":\"ok\"}");

            redis.kill();
            Eventually.within(Duration.ofSeconds(10), () -> {
                HttpResponse<String> down = health(port);
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).isEqualTo("{\"status\":\"degraded\",\"connections\":1,\"cluster\":\"unreachable\"}");
            });
            WsClient dave = WsClient.connect("dave", "ws://127.0.0.1:" + port + "/");
            dave.send("{\"type\":\"login\",\"name\":\"dave\"}");
            assertThat(dave.next()).contains("\"code\":\"unavailable\"");

            redis.startAgain();
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(health(port).statusCode()).isEqualTo(200));
            dave.login("dave");
            carol.send("{\"type\":\"offer\",\"name\":\"dave\",\"offer\":{}}");
            dave.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"carol\"}");
        }
    }

    @Test
    void aNodeThatCannotReachRedisAtStartExitsWithTheReason() throws Exception {
        int closed = ContainerProcess.freePort();
        Process process = ServerProcess.start(0, Map.of("SWITCHBOARD_REDIS_URI", "redis://127.0.0.1:" + closed));
        processes.add(process);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).contains("switchboard: cannot connect to Redis at 127.0.0.1:" + closed);
    }

    @Test
    void nodesMeetAtARedisThatSpeaksOnlyTlsWhenTheirJvmTrustsItsCertificate() throws Exception {
        try (RedisProcess redis = RedisProcess.startWithTls()) {
            String[] trust = redis.certificate().trustOptions().toArray(String[]::new);
            int a = node(redis.tlsUri(), trust);
            int b = node(redis.tlsUri(), trust);
            WsClient alice = WsClient.connect("alice", "ws://127.0.0.1:" + a + "/").login("alice");
            WsClient bob = WsClient.connect("bob", "ws://127.0.0.1:" + b + "/").login("bob");
            alice.send("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
            bob.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"alice\"}");
            bob.send("{\"type\":\"answer\",\"name\":\"alice\",\"answer\":{}}");
            alice.receives("{\"type\":\"answer\",\"answer\":{},\"name\":\"bob\"}");
            assertThat(health(a).body()).isEqualTo("{\"status\":\"ok\",\"connections\":1,\"cluster\":\"ok\"}");
            // the names are in this Redis, which the nodes reached by TLS alone
            assertThat(redis.command("EXISTS switchboard:name:alice")).isEqualTo(":1");
        }
    }

    @Test
    void aNodeThatDoesNotTrustRedissCertificateExitsWithTheReason() throws Exception {
        try (RedisProcess redis = RedisProcess.startWithTls()) {
            Process process = ServerProcess.start(0, Map.of("SWITCHBOARD_REDIS_URI", redis.tlsUri()));
            processes.add(process);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(output).contains("switchboard: cannot connect to Redis at 127.0.0.1:" + redis.tlsUri().replaceAll(".*:", ""))
                    .contains("unable to find valid certification path");
        }
    }
}
