package dev.switchboard.it.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.ContainerProcess;
import dev.switchboard.conformance.RedisProcess;
import dev.switchboard.conformance.WarScenario;
import dev.switchboard.conformance.WsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WAR the build produced, copied unchanged into {@code webapps/} of the Tomcat 11 and 10.1
 * distributions from Maven Central, started with {@code bin/catalina.sh run} as operators do.
 * These are the steps of docs/deployment.md.
 */
class TomcatWarDeploymentTest {

    private static final Path WAR = Path.of(System.getProperty("switchboard.war"));
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tomcat11.home", "tomcat10.home"})
    void theBuiltWarCopiedIntoWebappsServesSignaling(String home) throws Exception {
        Path base = catalinaBase(Path.of(System.getProperty(home)));
        try (ContainerProcess tomcat = start(home, base, Map.of())) {
            assertThat(tomcat.awaitHttpStatus("/switchboard/", 200, STARTUP)).as(tomcat.output()).isTrue();
            String url = "ws://127.0.0.1:" + tomcat.port() + "/switchboard/signaling";
            WarScenario.run(url, home.replace('.', '-'));
            WarScenario.servesTheDemo("http://127.0.0.1:" + tomcat.port() + "/switchboard", "/switchboard/signaling");

            WsClient stays = WsClient.connect("stays", url).login("stays");
            assertThat(tomcat.terminate(Duration.ofSeconds(30))).as("Tomcat stops on SIGTERM").isTrue();
            assertThat(stays.awaitCloseCode()).isEqualTo(1001);
        }
    }

    @Test
    void twoTomcatsWithTheWarAndOneRedisAreOneSignalingService() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                ContainerProcess one = start("tomcat11.home", catalinaBase(Path.of(System.getProperty("tomcat11.home"))),
                        Map.of("SWITCHBOARD_REDIS_URI", redis.uri()));
                ContainerProcess two = start("tomcat11.home", catalinaBase(Path.of(System.getProperty("tomcat11.home"))),
                        Map.of("SWITCHBOARD_REDIS_URI", redis.uri()))) {
            assertThat(one.awaitHttpStatus("/switchboard/health", 200, STARTUP)).as(one.output()).isTrue();
            assertThat(two.awaitHttpStatus("/switchboard/health", 200, STARTUP)).as(two.output()).isTrue();
            WsClient alice = WsClient.connect("alice", "ws://127.0.0.1:" + one.port() + "/switchboard/signaling").login("alice");
            WsClient bob = WsClient.connect("bob", "ws://127.0.0.1:" + two.port() + "/switchboard/signaling").login("bob");
            WsClient impostor = WsClient.connect("impostor", "ws://127.0.0.1:" + two.port() + "/switchboard/signaling");
            impostor.send("{\"type\":\"login\",\"name\":\"alice\"}");
            impostor.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name alice is already taken\"}");

            alice.send("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{\"sdp\":\"v=0\"}}");
            bob.receives("{\"type\":\"offer\",\"offer\":{\"sdp\":\"v=0\"},\"name\":\"alice\"}");
            bob.send("{\"type\":\"answer\",\"name\":\"alice\",\"answer\":{\"sdp\":\"v=0\"}}");
            alice.receives("{\"type\":\"answer\",\"answer\":{\"sdp\":\"v=0\"},\"name\":\"bob\"}");

            // undeploying one node (SIGTERM) closes its clients, and their peers on the other node hear leave
            assertThat(one.terminate(Duration.ofSeconds(30))).as("Tomcat stops on SIGTERM").isTrue();
            assertThat(alice.awaitCloseCode()).isEqualTo(1001);
            bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");
            impostor.login("alice");
        }
    }

    @Test
    void theEndpointPathComesFromAContextParameterOutsideTheWar() throws Exception {
        Path base = catalinaBase(Path.of(System.getProperty("tomcat11.home")));
        // --- docs/deployment.md, Tomcat settings: begin ---
        Path contextFile = base.resolve("conf/Catalina/localhost/switchboard.xml");
        Files.createDirectories(contextFile.getParent());
        Files.writeString(contextFile, """
                <Context>
                  <Parameter name="switchboard.path" value="/ws" override="false"/>
                </Context>
                """);
        // --- docs/deployment.md, Tomcat settings: end ---
        try (ContainerProcess tomcat = start("tomcat11.home", base, Map.of())) {
            assertThat(tomcat.awaitHttpStatus("/switchboard/", 200, STARTUP)).as(tomcat.output()).isTrue();
            WarScenario.run("ws://127.0.0.1:" + tomcat.port() + "/switchboard/ws", "context-param");
        }
    }

    @Test
    void aBadSettingFailsTheDeploymentWithAMessageNamingIt() throws Exception {
        Path base = catalinaBase(Path.of(System.getProperty("tomcat11.home")));
        try (ContainerProcess tomcat = start("tomcat11.home", base, Map.of("SWITCHBOARD_MAX_MESSAGE_CHARS", "lots"))) {
            String expected = "Switchboard: bad configuration: switchboard.maxMessageChars = 'lots'"
                    + " (from environment variable SWITCHBOARD_MAX_MESSAGE_CHARS) must be a positive whole number";
            // Tomcat reports a failed listener in logs/localhost.DATE.log
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (!containerLogs(base).contains(expected) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(containerLogs(base)).contains(expected);
            // the context did not start: no half-working endpoint
            assertThat(tomcat.awaitHttpStatus("/switchboard/", 404, STARTUP)).as(tomcat.output()).isTrue();
        }
    }

    private static String containerLogs(Path base) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> logs = Files.list(base.resolve("logs"))) {
            for (Path log : (Iterable<Path>) logs::iterator) {
                all.append(Files.readString(log, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    /** A CATALINA_BASE of our own: the distribution's conf/, a free port on 127.0.0.1, the WAR. */
    private static Path catalinaBase(Path home) throws IOException {
        Path base = Files.createTempDirectory("catalina-base");
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(dir));
        }
        // --- docs/deployment.md, Tomcat: the one step ---
        Files.copy(WAR, base.resolve("webapps/switchboard.war"));
        return base;
    }

    private static ContainerProcess start(String home, Path base, Map<String, String> environment) throws IOException {
        int port = ContainerProcess.freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8)
                .replace("port=\"8005\"", "port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
        Files.writeString(serverXml, xml, StandardCharsets.UTF_8);
        Path catalinaHome = Path.of(System.getProperty(home));
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("CATALINA_HOME", catalinaHome.toString());
        env.put("CATALINA_BASE", base.toString());
        return ContainerProcess.start(List.of("sh", catalinaHome.resolve("bin/catalina.sh").toString(), "run"),
                base, env, port);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
