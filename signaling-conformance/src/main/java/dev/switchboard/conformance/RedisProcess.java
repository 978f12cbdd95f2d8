package dev.switchboard.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package) for tests: bound to 127.0.0.1 on a free port,
 * without persistence, in a temporary directory. It is stopped by the PID this class started, and
 * can be killed and started again on the same port to test outages. Fails, never skips, when
 * {@code redis-server} is missing: {@code ./test.sh} installs it.
 */
public final class RedisProcess implements AutoCloseable {

    private final int port;
    private final Path directory;
    private final Path log;
    private final List<String> options;
    private int tlsPort;
    private SelfSignedCertificate certificate;
    /** For a Sentinel: the name of the master it watches. */
    private String masterName;
    private Process process;

    private RedisProcess(int port, List<String> options) throws IOException {
        this.port = port;
        this.options = new ArrayList<>(options);
        this.directory = Files.createTempDirectory("redis");
        this.log = directory.resolve("redis.log");
    }

    /** Starts a Redis on a free port and waits until it answers. */
    public static RedisProcess start() {
        return start(List.of());
    }

    /**
     * Starts a Redis on a free port with more configuration, given as {@code redis-server} takes it
     * on its command line ({@code "--requirepass", "secret"}), and waits until it answers. Paths in
     * the options may point into {@link #directory()}.
     */
    public static RedisProcess start(List<String> options) {
        try {
            RedisProcess redis = new RedisProcess(ContainerProcess.freePort(), options);
            redis.startAgain();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a Redis that also speaks TLS, on a second free port, with a {@link SelfSignedCertificate}
     * for 127.0.0.1 that clients must be told to trust. Clients need no certificate of their own.
     * The plain port stays open for {@link #command}.
     */
    public static RedisProcess startWithTls() {
        try {
            RedisProcess redis = new RedisProcess(ContainerProcess.freePort(), List.of());
            redis.certificate = SelfSignedCertificate.create(redis.directory);
            redis.tlsPort = ContainerProcess.freePort();
            redis.options.addAll(List.of("--tls-port", Integer.toString(redis.tlsPort),
                    "--tls-cert-file", redis.certificate.certificate().toString(),
                    "--tls-key-file", redis.certificate.privateKey().toString(), "--tls-auth-clients", "no"));
            redis.startAgain();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a Redis Sentinel that watches {@code master} under {@code masterName}, with a quorum of
     * one and a master considered down after 1 s without answers, so that a test's failover takes
     * a few seconds. Start the master's replicas before it: it finds them when it first asks the
     * master.
     */
    public static RedisProcess startSentinel(RedisProcess master, String masterName) {
        try {
            RedisProcess sentinel = new RedisProcess(ContainerProcess.freePort(), List.of());
            sentinel.masterName = masterName;
            List<String> conf = new ArrayList<>(List.of(
                    "sentinel monitor " + masterName + " 127.0.0.1 " + master.port + " 1",
                    "sentinel down-after-milliseconds " + masterName + " 1000",
                    "sentinel failover-timeout " + masterName + " 10000"));
            if (master.password() != null) {
                conf.add("sentinel auth-pass " + masterName + " " + master.password());
            }
            conf.add("");
            Files.writeString(sentinel.directory.resolve("sentinel.conf"), String.join("\n", conf));
            sentinel.startAgain();
            return sentinel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code rediss://} URI of a server started {@link #startWithTls with TLS}. */
    public String tlsUri() {
        if (certificate == null) {
            throw new IllegalStateException("this Redis was not started with TLS");
        }
        return "rediss://127.0.0.1:" + tlsPort;
    }

    /** The certificate of a server started {@link #startWithTls with TLS}. */
    public SelfSignedCertificate certificate() {
        if (certificate == null) {
            throw new IllegalStateException("this Redis was not started with TLS");
        }
        return certificate;
    }

    /** The URI a client connects with; for a Sentinel, a {@code redis-sentinel://} URI naming its master. */
    public String uri() {
        return masterName != null ? "redis-sentinel://127.0.0.1:" + port + "#" + masterName : "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's working directory, deleted by {@link #close}. */
    public Path directory() {
        return directory;
    }

    /** The PID of the running server. */
    public long pid() {
        return process.pid();
    }

    /** Starts the server again, on the same port, after {@link #kill}; its data is gone. */
    public synchronized void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Redis is running");
        }
        Path binary = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("redis-server is not installed: run ./test.sh, which installs it (apt package redis-server)");
        }
        startProcess(binary);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port + "; its log: " + readLog());
            }
            if (!process.isAlive()) {
                // after a kill, an outgoing connection may hold the port as its local port for a moment
                Eventually.pause(100);
                startProcess(binary);
            }
            Eventually.pause(20);
        }
    }

    private void startProcess(Path binary) {
        try {
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            if (masterName != null) {
                command.addAll(List.of(directory.resolve("sentinel.conf").toString(), "--sentinel")); // rewrites its file
            }
            command.addAll(List.of("--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
                    "--dir", directory.toString(), "--protected-mode", "yes"));
            command.addAll(options);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the server at once (SIGKILL), as a crash or a network cut would look to its clients. */
    public synchronized void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server " + process.pid() + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The password this server was started with ({@code --requirepass}), or null. */
    private String password() {
        int at = options.indexOf("--requirepass");
        return at >= 0 ? options.get(at + 1) : null;
    }

    /**
     * Sends one command in Redis's inline syntax and returns its reply's first line, or, for a
     * bulk string, the string itself ({@code null} for none). Authenticates first if the server
     * was started with a password.
     */
    public String command(String inline) {
        return exchange(inline, in -> {
            String line = readLine(in);
            if (line.startsWith("$")) {
                return line.equals("$-1") ? null : readLine(in);
            }
            return line;
        });
    }

    /**
     * Sends one command whose reply is a flat array (of bulk strings and integers, as
     * {@code PUBSUB NUMSUB} answers) and returns its elements: strings as they are, integers as
     * their digits, a missing bulk string as null.
     */
    public List<String> array(String inline) {
        return exchange(inline, in -> {
            String header = readLine(in);
            if (!header.startsWith("*")) {
                throw new IllegalStateException(inline + " answered " + header + ", not an array");
            }
            List<String> elements = new ArrayList<>();
            for (int i = Integer.parseInt(header.substring(1)); i > 0; i--) {
                String line = readLine(in);
                if (line.startsWith("$")) {
                    elements.add(line.equals("$-1") ? null : readLine(in));
                } else if (line.startsWith(":") || line.startsWith("+")) {
                    elements.add(line.substring(1));
                } else {
                    throw new IllegalStateException(inline + " answered " + line + " inside its array");
                }
            }
            return elements;
        });
    }

    private interface Reply<T> {
        T read(InputStream in) throws IOException;
    }

    /** One connection for one command, authenticated first if the server wants a password. */
    private <T> T exchange(String inline, Reply<T> reply) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password() != null) {
                out.write(("AUTH " + password() + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String answer = readLine(in);
                if (!answer.equals("+OK")) {
                    throw new IllegalStateException("AUTH answered " + answer);
                }
            }
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1 && b != '\n'; ) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private boolean answersPing() {
        try {
            String reply = command("PING");
            return reply.equals("+PONG") || reply.startsWith("-NOAUTH"); // up, and wants a password
        } catch (UncheckedIOException | IllegalStateException e) {
            return false; // not listening yet, or still loading
        }
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }


    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and deletes its directory. */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
