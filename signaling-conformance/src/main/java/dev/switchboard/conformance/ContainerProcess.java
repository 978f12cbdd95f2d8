package dev.switchboard.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A servlet container distribution (Tomcat, Jetty) run as its own process, the way operators run
 * it, for tests that deploy the real WAR. Its output goes to a log file; it is stopped with SIGTERM
 * and, if it has not exited after a grace period, killed. Only the process it started is touched.
 */
public final class ContainerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private ContainerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** A free TCP port on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code command} in {@code directory} with extra environment variables.
     *
     * @param port the HTTP port the container was configured with
     */
    public static ContainerProcess start(List<String> command, Path directory, Map<String, String> environment,
            int port) throws IOException {
        Path log = Files.createTempFile("container", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return new ContainerProcess(builder.start(), log, port);
    }

    /** The HTTP port. */
    public int port() {
        return port;
    }

    /**
     * Waits until {@code path} answers an HTTP GET with {@code status}, or the process exits, or
     * {@code timeout} passes.
     *
     * @return whether the status was seen
     */
    public boolean awaitHttpStatus(String path, int status, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == status) {
                    return true;
                }
            } catch (IOException notYetListening) {
                // starting
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Everything the container printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Sends SIGTERM and waits up to {@code grace} for the process to exit; true if it did. */
    public boolean terminate(Duration grace) throws InterruptedException {
        process.toHandle().destroy();
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        try {
            if (!terminate(Duration.ofSeconds(20))) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
