package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.ContainerProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client in Node.js (its WebSocket; WebRTC is covered by the browser tests) against
 * a server that stops and starts again: src/test/node/client-reconnect.mjs.
 */
class JavaScriptClientTest {

    private static final Path SCRIPT_DIR = Path.of("src/test/node").toAbsolutePath();

    @Test
    void theClientTakesOneCallAtATimeAndReconnectsAfterTheServerRestarts() throws Exception {
        int port = ContainerProcess.freePort();
        SwitchboardServer first = SwitchboardServer.builder().host("127.0.0.1").port(port).build().start();
        Process node = new ProcessBuilder("node", "--experimental-websocket", "--no-warnings", "client-reconnect.mjs", first.url())
                .directory(SCRIPT_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                output.append(line).append('\n');
            }
            assertThat(line).as("the client logged in; output:%n%s", output).isEqualTo("READY");

            first.close(); // every client gets 1001 and the port is released
            SwitchboardServer second = startAgain(port);
            try {
                while ((line = out.readLine()) != null) {
                    output.append(line).append('\n');
                }
                assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(node.exitValue()).as("node exit code; output:%n%s", output).isZero();
                assertThat(output).contains("client reconnect: all steps passed");
            } finally {
                second.close();
            }
        } finally {
            node.destroyForcibly();
        }
    }

    /** The same port again; the old listener may take a moment to let go of it. */
    private static SwitchboardServer startAgain(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                return SwitchboardServer.builder().host("127.0.0.1").port(port).build().start();
            } catch (java.io.UncheckedIOException stillBound) {
                if (System.nanoTime() > deadline) {
                    throw stillBound;
                }
                Thread.sleep(50);
            }
        }
    }
}
