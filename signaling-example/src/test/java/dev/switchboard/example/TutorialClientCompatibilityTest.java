package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's client logic (in Node.js, with the {@code ws} package the tutorial used) runs
 * unmodified against the standalone server: log in, name taken, call, answer, candidates both
 * ways, hang up, hang up outside a call, call again, drop the connection. The script is
 * src/test/node/tutorial-client.mjs; the build installs its one dependency with {@code npm ci}.
 */
class TutorialClientCompatibilityTest {

    private static final Path SCRIPT_DIR = Path.of("src/test/node").toAbsolutePath();

    @Test
    void aClientWrittenForTheTutorialWorksUnchanged() throws Exception {
        assertThat(SCRIPT_DIR.resolve("node_modules/ws/package.json"))
                .as("the ws package; `mvn verify` installs it with npm ci, or run npm ci in " + SCRIPT_DIR)
                .exists();
        try (SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0).build().start()) {
            Path log = Files.createTempFile("tutorial-client", ".log");
            Process node = new ProcessBuilder("node", "tutorial-client.mjs", server.url())
                    .directory(SCRIPT_DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean exited = node.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                node.destroyForcibly();
            }
            String output = read(log);
            assertThat(exited).as("node exited in time; output:%n%s", output).isTrue();
            assertThat(node.exitValue()).as("node exit code; output:%n%s", output).isZero();
            assertThat(output).contains("tutorial client: all steps passed");
            assertThat(server.router().connectionCount()).isZero();
        }
    }

    private static String read(Path log) throws IOException {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
