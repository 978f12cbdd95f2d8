package dev.switchboard.it.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.ContainerProcess;
import dev.switchboard.conformance.RedisProcess;
import dev.switchboard.conformance.WarScenario;
import dev.switchboard.conformance.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WAR the build produced, copied unchanged into {@code webapps/} of a Jetty base made from the
 * jetty-home distribution, with the ee10 and with the ee11 environment, started with
 * {@code java -jar start.jar} as operators do. These are the steps of docs/deployment.md.
 */
class JettyWarDeploymentTest {

    private static final Path WAR = Path.of(System.getProperty("switchboard.war"));
    private static final Path JETTY_HOME = Path.of(System.getProperty("jetty.home"));
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ee10", "ee11"})
    void theBuiltWarCopiedIntoWebappsServesSignaling(String environment) throws Exception {
        Path base = jettyBase(environment);
        try (ContainerProcess jetty = start(base, List.of())) {
            assertThat(jetty.awaitHttpStatus("/switchboard/", 200, STARTUP)).as(jetty.output()).isTrue();
            String url = "ws://127.0.0.1:" + jetty.port() + "/switchboard/signaling";
            WarScenario.run(url, environment);
            WarScenario.servesTheDemo("http://127.0.0.1:" + jetty.port() + "/switchboard", "/switchboard/signaling");

            WsClient stays = WsClient.connect("stays", url).login("stays");
            assertThat(jetty.terminate(Duration.ofSeconds(30))).as("Jetty stops on SIGTERM").isTrue();
            assertThat(stays.awaitCloseCode()).isEqualTo(1001);
        }
    }

    @Test
    void twoJettysWithTheWarAndOneRedisAreOneSignalingService() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                ContainerProcess one = start(jettyBase("ee10"), List.of("-Dswitchboard.redisUri=" + redis.uri()));
                ContainerProcess two = start(jettyBase("ee11"), List.of("-Dswitchboard.redisUri=" + redis.uri()))) {
            assertThat(one.awaitHttpStatus("/switchboard/health", 200, STARTUP)).as(one.output()).isTrue();
            assertThat(two.awaitHttpStatus("/switchboard/health", 200, STARTUP)).as(two.output()).isTrue();
            WsClient alice = WsClient.connect("alice", "ws://127.0.0.1:" + one.port() + "/switchboard/signaling").login("alice");
            WsClient bob = WsClient.connect("bob", "ws://127.0.0.1:" + two.port() + "/switchboard/signaling").login("bob");
            WsClient impostor = WsClient.connect("impostor", "ws://127.0.0.1:" + one.port() + "/switchboard/signaling");
            impostor.send("{\"type\":\"login\",\"name\":\"bob\"}");
            impostor.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name bob is already taken\"}");

            bob.send("{\"type\":\"offer\",\"name\":\"alice\",\"offer\":{\"sdp\":\"v=0\"}}");
            alice.receives("{\"type\":\"offer\",\"offer\":{\"sdp\":\"v=0\"},\"name\":\"bob\"}");

            // stopping one node (SIGTERM) closes its clients, and their peers on the other node hear leave
            assertThat(two.terminate(Duration.ofSeconds(30))).as("Jetty stops on SIGTERM").isTrue();
            assertThat(bob.awaitCloseCode()).isEqualTo(1001);
            alice.receives("{\"type\":\"leave\",\"name\":\"bob\"}");
            impostor.login("bob");
        }
    }

    @Test
    void theEndpointPathComesFromASystemProperty() throws Exception {
        Path base = jettyBase("ee10");
        try (ContainerProcess jetty = start(base, List.of("-Dswitchboard.path=/ws"))) {
            assertThat(jetty.awaitHttpStatus("/switchboard/", 200, STARTUP)).as(jetty.output()).isTrue();
            WarScenario.run("ws://127.0.0.1:" + jetty.port() + "/switchboard/ws", "system-property");
        }
    }

    @Test
    void aBadSettingFailsTheDeploymentWithAMessageNamingIt() throws Exception {
        Path base = jettyBase("ee10");
        try (ContainerProcess jetty = start(base, List.of("-Dswitchboard.path=ws"))) {
            String expected = "Switchboard: bad configuration: switchboard.path = 'ws'"
                    + " (from system property switchboard.path) must start with '/'";
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (!jetty.output().contains(expected) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            assertThat(jetty.output()).contains(expected);
            assertThat(jetty.awaitHttpStatus("/switchboard/", 503, STARTUP)).as(jetty.output()).isTrue();
        }
    }

    /**
     * A Jetty base with the environment's deploy and WebSocket modules, and the WAR. The graceful
     * module gives stopping a grace period in which Jetty closes WebSocket clients with 1001;
     * without it Jetty drops their connections (1006).
     */
    private static Path jettyBase(String environment) throws Exception {
        Path base = Files.createTempDirectory("jetty-base-" + environment);
        // --- docs/deployment.md, Jetty: begin ---
        Process setup = new ProcessBuilder(java(), "-jar", JETTY_HOME.resolve("start.jar").toString(),
                "--add-modules=http,graceful," + environment + "-deploy," + environment + "-websocket-jakarta")
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("setup.log").toFile())
                .start();
        assertThat(setup.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(setup.exitValue()).as(Files.readString(base.resolve("setup.log"))).isZero();
        Files.copy(WAR, base.resolve("webapps/switchboard.war"));
        // --- docs/deployment.md, Jetty: end ---
        return base;
    }

    private static ContainerProcess start(Path base, List<String> jvmOptions) throws IOException {
        int port = ContainerProcess.freePort();
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JETTY_HOME.resolve("start.jar").toString(),
                "jetty.http.host=127.0.0.1", "jetty.http.port=" + port));
        return ContainerProcess.start(command, base, Map.of(), port);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
