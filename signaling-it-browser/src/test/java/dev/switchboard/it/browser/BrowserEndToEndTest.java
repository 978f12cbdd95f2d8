package dev.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.example.SwitchboardServer;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real calls in real browsers: two independent headless Chromium profiles (Debian's, driven by
 * playwright-core) through the standalone server, on localhost:9090, the tutorial's address. The
 * scenarios are in src/test/node/scenarios.mjs.
 *
 * <p>WebRTC traffic must stay on loopback, so this refuses to run unless loopback is the only
 * network interface: {@code ./test.sh} runs it inside {@code unshare -n}.
 */
class BrowserEndToEndTest {

    private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
    private static final Path ARTIFACTS = Path.of(System.getProperty("browser.artifacts", "target/browser-artifacts"));
    private static final String BASE = "http://localhost:9090/";

    private static SwitchboardServer server;

    @BeforeAll
    static void startServerInALoopbackOnlyNetwork() throws SocketException {
        List<String> interfaces = NetworkInterface.networkInterfaces()
                .filter(i -> !isLoopback(i)).map(NetworkInterface::getName).toList();
        assertThat(interfaces)
                .as("network interfaces besides loopback; run the browser tests in a loopback-only network"
                        + " namespace, as ./test.sh does: unshare -n sh -c 'ip link set lo up; ...'")
                .isEmpty();
        assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium (apt-get install chromium)").exists();
        assertThat(NODE_DIR.resolve("node_modules/playwright-core/package.json"))
                .as("playwright-core; run npm ci in " + NODE_DIR + " (./test.sh does)").exists();
        server = SwitchboardServer.builder().host("localhost").port(9090).build().start();
    }

    private static boolean isLoopback(NetworkInterface networkInterface) {
        try {
            return networkInterface.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoBrowsersMakeAVideoCallWithChatBothWaysAndHangUp() throws Exception {
        run("demo-call");
        assertThat(ARTIFACTS.resolve("demo-mid-call.png")).as("the screenshot of the demo mid-call").isNotEmptyFile();
    }

    @Test
    void theDemoShowsTheServersErrorsInPlainWords() throws Exception {
        run("demo-errors");
    }

    @Test
    void theTutorialsOwnClientOpensADataChannelThroughSwitchboard() throws Exception {
        run("tutorial");
    }

    private static void run(String scenario) throws IOException, InterruptedException {
        Path log = Files.createTempFile("scenario-" + scenario, ".log");
        try {
            Process node = new ProcessBuilder("node", "scenarios.mjs", scenario, BASE, ARTIFACTS.toString())
                    .directory(NODE_DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean exited = node.waitFor(150, TimeUnit.SECONDS);
            if (!exited) {
                node.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(exited).as("scenario %s finished in time:%n%s", scenario, output).isTrue();
            assertThat(node.exitValue()).as("scenario %s:%n%s", scenario, output).isZero();
            assertThat(output).contains("scenario " + scenario + " passed");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
