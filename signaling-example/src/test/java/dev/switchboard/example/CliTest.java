package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CliTest {

    @Test
    void noArgumentsMeansTheTutorialsAddress() {
        SwitchboardServer server = Cli.parse().build();
        assertThat(server.url()).isEqualTo("ws://localhost:9090/");
    }

    @Test
    void optionsTakeSeparateOrEqualsValues() {
        try (SwitchboardServer server = Cli.parse("--host", "127.0.0.1", "--port=0", "--path=/ws").build().start()) {
            assertThat(server.url()).startsWith("ws://127.0.0.1:").endsWith("/ws");
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void helpReturnsNoBuilder() {
        assertThat(Cli.parse("--help")).isNull();
    }

    @Test
    void badOptionsNameTheProblem() {
        assertThatThrownBy(() -> Cli.parse("--port", "ninety")).hasMessage("--port must be a number, was 'ninety'");
        assertThatThrownBy(() -> Cli.parse("--port", "70000")).hasMessage("port must be 0 to 65535, was 70000");
        assertThatThrownBy(() -> Cli.parse("--path", "ws")).hasMessage("path must start with '/', was 'ws'");
        assertThatThrownBy(() -> Cli.parse("--colour", "blue")).hasMessage("unknown option --colour");
        assertThatThrownBy(() -> Cli.parse("--port")).hasMessage("--port needs a value");
    }
}
