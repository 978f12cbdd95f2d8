package dev.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A load generator that speaks the signaling protocol (the tutorial's, which Switchboard keeps) over
 * real sockets, on one NIO thread: it writes its own frames (masked with a zero key, so masking
 * costs it nothing) because the JDK's WebSocket client saturates a core before a server does.
 *
 * <pre>
 * --url ws://127.0.0.1:9090/  --scenario relay|idle|connect  --seconds 10  --warmup 3
 * relay:   --pairs 100 --window 16 --payload candidate|offer   (candidates ping-pong within pairs)
 *          --url2 URL   (the second user of each pair connects there: another node of a cluster)
 * idle:    --connections 10000                                  (logged-in, idle connections)
 *          --java --histogram FILE   (a JVM server: live heap, and the classes that grew, per connection)
 * connect: --concurrency 32                                     (connect, log in, close, again)
 * --server-pid PID[,PID...]   to report the server's CPU (summed over the PIDs: a cluster's nodes
 *                              and its Redis) and RSS; --java to also measure its live heap
 * </pre>
 *
 * Prints one line of {@code key=value} results. Every loop is bounded in time.
 */
public final class LoadGenerator {

    private static final String CANDIDATE = "{\"candidate\":\"candidate:842163049 1 udp 1677729535 127.0.0.1 46154 typ srflx"
            + " raddr 0.0.0.0 rport 0 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"t\":";
    private static final String OFFER_SDP = sdp();

    private final Map<String, String> options;
    private final URI uri;
    private final URI uri2;
    private final Selector selector;
    private final long serverPid;
    private final long[] serverPids;

    private LoadGenerator(Map<String, String> options) throws IOException {
        this.options = options;
        this.uri = URI.create(options.getOrDefault("url", "ws://127.0.0.1:9090/"));
        this.uri2 = options.containsKey("url2") ? URI.create(options.get("url2")) : uri;
        this.selector = Selector.open();
        this.serverPids = java.util.Arrays.stream(options.getOrDefault("server-pid", "0").split(",")).mapToLong(Long::parseLong)
                .toArray();
        this.serverPid = serverPids[0];
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            options.put(name, i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true");
        }
        LoadGenerator generator = new LoadGenerator(options);
        String scenario = options.getOrDefault("scenario", "relay");
        String result = switch (scenario) {
            case "relay" -> generator.relay();
            case "idle" -> generator.idle();
            case "connect" -> generator.connect();
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
        System.out.println(result);
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    // ---------------------------------------------------------------- scenarios

    private String relay() throws IOException {
        int pairs = intOption("pairs", 100);
        int window = intOption("window", 16);
        boolean offers = options.getOrDefault("payload", "candidate").equals("offer");
        long warmup = TimeUnit.SECONDS.toNanos(intOption("warmup", 3));
        long measure = TimeUnit.SECONDS.toNanos(intOption("seconds", 10));

        Client[] a = new Client[pairs];
        Client[] b = new Client[pairs];
        for (int i = 0; i < pairs; i++) {
            a[i] = connect("a" + i, uri);
            b[i] = connect("b" + i, uri2);
            a[i].peer = b[i];
            b[i].peer = a[i];
        }
        loginAll(concat(a, b), System.nanoTime() + TimeUnit.SECONDS.toNanos(30));

        long start = System.nanoTime();
        long measureFrom = start + warmup;
        long end = measureFrom + measure;
        Stats stats = new Stats();
        for (Client client : concat(a, b)) {
            client.onText = text -> {
                long now = System.nanoTime();
                if (text.startsWith("{\"type\":\"error\"")) {
                    stats.errors++;
                    return;
                }
                int at = text.lastIndexOf("\"t\":");
                if (at < 0) {
                    return;
                }
                long sent = parseLong(text, at + 4);
                if (now >= measureFrom && now < end) {
                    stats.add(now - sent);
                }
                if (now < end) {
                    client.sendText(message(client.peer.name, offers, System.nanoTime()));
                }
            };
        }
        for (Client client : a) {
            for (int w = 0; w < window; w++) {
                client.sendText(message(client.peer.name, offers, System.nanoTime()));
            }
        }
        CpuClock cpu = measure(measureFrom, end);
        return "scenario=relay pairs=" + pairs + " window=" + window + " payload=" + (offers ? "offer" : "candidate")
                + " msgs_per_s=" + Math.round(stats.count / (measure / 1e9)) + stats.percentiles()
                + " errors=" + stats.errors + cpu.report();
    }

    private String idle() throws IOException, InterruptedException {
        int connections = intOption("connections", 10_000);
        long rssBefore = rssKb(serverPid);
        long heapBefore = liveHeapKb();
        java.util.Map<String, long[]> histogramBefore = histogram();
        List<Client> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int batch = 0; batch < connections; batch += 500) {
            List<Client> clients = new ArrayList<>();
            for (int i = batch; i < Math.min(connections, batch + 500); i++) {
                clients.add(connect("idle" + i));
            }
            loginAll(clients, deadline);
            all.addAll(clients);
        }
        Thread.sleep(2_000);
        long rssAfter = rssKb(serverPid);
        long heapAfter = liveHeapKb();
        if (histogramBefore != null) {
            writeHistogramDiff(histogramBefore, histogram(), all.size(), java.nio.file.Path.of(options.get("histogram")));
        }
        String result = "scenario=idle connections=" + all.size()
                + " rss_kb_per_conn=" + String.format("%.1f", (rssAfter - rssBefore) / (double) all.size())
                + (heapAfter >= 0 ? " heap_kb_per_conn=" + String.format("%.1f", (heapAfter - heapBefore) / (double) all.size()) : "");
        closeAll();
        return result;
    }

    private String connect() throws IOException {
        int concurrency = intOption("concurrency", 32);
        long warmup = TimeUnit.SECONDS.toNanos(intOption("warmup", 3));
        long measure = TimeUnit.SECONDS.toNanos(intOption("seconds", 10));
        long measureFrom = System.nanoTime() + warmup;
        long end = measureFrom + measure;
        long[] done = {0};
        int[] serial = {0};
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            try {
                Client client = connect("c" + serial[0]++);
                client.onUpgraded = () -> client.sendText("{\"type\":\"login\",\"name\":\"" + client.name + "\"}");
                client.onText = text -> {
                    long now = System.nanoTime();
                    if (now >= measureFrom && now < end && text.contains("\"success\":true")) {
                        done[0]++;
                    }
                    client.close();
                    if (now < end) {
                        next[0].run();
                    }
                };
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        for (int i = 0; i < concurrency; i++) {
            next[0].run();
        }
        CpuClock cpu = measure(measureFrom, end);
        return "scenario=connect concurrency=" + concurrency + " logins_per_s=" + Math.round(done[0] / (measure / 1e9)) + cpu.report();
    }

    /** Runs the loop through the warm-up, then through the measurement window with CPU clocks on. */
    private CpuClock measure(long measureFrom, long end) throws IOException {
        CpuClock cpu = new CpuClock(serverPids);
        loop(measureFrom, () -> false);
        cpu.start();
        loop(end, () -> false);
        cpu.stop();
        closeAll();
        return cpu;
    }

    private static String message(String to, boolean offer, long sentNanos) {
        return offer
                ? "{\"type\":\"offer\",\"name\":\"" + to + "\",\"offer\":{\"type\":\"offer\",\"sdp\":\"" + OFFER_SDP + "\",\"t\":" + sentNanos + "}}"
                : "{\"type\":\"candidate\",\"name\":\"" + to + "\",\"candidate\":" + CANDIDATE + sentNanos + "}}";
    }

    // ---------------------------------------------------------------- connections and the loop

    private final List<Client> clients = new ArrayList<>();

    private Client connect(String name) throws IOException {
        return connect(name, uri);
    }

    private Client connect(String name, URI uri) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        boolean connected = channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        Client client = new Client(name, channel);
        client.key = channel.register(selector, SelectionKey.OP_CONNECT, client);
        clients.add(client);
        if (connected) {
            // loopback connects can complete at once, and then OP_CONNECT never fires
            client.handshake(uri);
        }
        return client;
    }

    private void loginAll(List<Client> batch, long deadline) throws IOException {
        int[] ok = {0};
        for (Client client : batch) {
            client.onUpgraded = () -> client.sendText("{\"type\":\"login\",\"name\":\"" + client.name + "\"}");
            client.onText = text -> {
                if (text.contains("\"success\":true")) {
                    ok[0]++;
                } else {
                    throw new IllegalStateException(client.name + " could not log in: " + text);
                }
            };
        }
        loop(deadline, () -> ok[0] == batch.size());
        if (ok[0] != batch.size()) {
            throw new IllegalStateException("only " + ok[0] + " of " + batch.size() + " logged in before the deadline");
        }
    }

    private void closeAll() {
        for (Client client : clients) {
            client.close();
        }
        clients.clear();
    }

    /** Runs the event loop until {@code deadline} or until {@code done} holds. */
    private void loop(long deadline, java.util.function.BooleanSupplier done) throws IOException {
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            selector.select(10);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Client client = (Client) key.attachment();
                if (!key.isValid()) {
                    continue;
                }
                if (key.isConnectable() && client.channel.finishConnect()) {
                    client.handshake(uri);
                }
                if (key.isValid() && key.isWritable()) {
                    client.flush();
                }
                if (key.isValid() && key.isReadable()) {
                    client.read();
                }
            }
        }
    }

    /** One WebSocket connection, written and parsed by hand. */
    private static final class Client {
        final String name;
        final SocketChannel channel;
        SelectionKey key;
        Client peer;
        ByteBuffer in = ByteBuffer.allocate(8 * 1024);
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        boolean upgraded;
        boolean closed;
        Runnable onUpgraded = () -> { };
        java.util.function.Consumer<String> onText = text -> { };

        Client(String name, SocketChannel channel) {
            this.name = name;
            this.channel = channel;
        }

        void handshake(URI uri) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            key.interestOps(SelectionKey.OP_READ);
            write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        }

        void sendText(String text) {
            if (closed) {
                return;
            }
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
            ByteBuffer frame = ByteBuffer.allocate(header + 4 + payload.length);
            frame.put((byte) 0x81);
            if (payload.length < 126) {
                frame.put((byte) (0x80 | payload.length));
            } else if (payload.length < 65536) {
                frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
            } else {
                frame.put((byte) (0x80 | 127)).putLong(payload.length);
            }
            frame.putInt(0); // a zero masking key: the payload goes out as it is
            frame.put(payload).flip();
            write(frame);
        }

        private void write(ByteBuffer buffer) {
            out.add(buffer);
            flush();
        }

        void flush() {
            try {
                while (!out.isEmpty()) {
                    ByteBuffer head = out.peek();
                    channel.write(head);
                    if (head.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                        return;
                    }
                    out.poll();
                }
                if (key.isValid()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                close();
            }
        }

        void read() {
            try {
                if (!in.hasRemaining()) {
                    in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
                }
                if (channel.read(in) < 0) {
                    close();
                    return;
                }
            } catch (IOException e) {
                close();
                return;
            }
            in.flip();
            if (!upgraded) {
                int end = headerEnd(in);
                if (end < 0) {
                    in.compact();
                    return;
                }
                if (in.get(9) != '1' || in.get(10) != '0' || in.get(11) != '1') {
                    throw new IllegalStateException(name + ": handshake refused");
                }
                in.position(end);
                upgraded = true;
                onUpgraded.run();
            }
            while (!closed && in.remaining() >= 2) {
                int start = in.position();
                int b0 = in.get(start) & 0xff;
                int b1 = in.get(start + 1) & 0x7f;
                int header = b1 < 126 ? 2 : b1 == 126 ? 4 : 10;
                if (in.remaining() < header) {
                    break;
                }
                long length = b1 < 126 ? b1 : b1 == 126 ? in.getShort(start + 2) & 0xffff : in.getLong(start + 2);
                if (in.remaining() < header + length) {
                    if (header + length > in.capacity()) {
                        ByteBuffer bigger = ByteBuffer.allocate((int) (header + length) * 2);
                        bigger.put(in);
                        in = bigger;
                        return;
                    }
                    break;
                }
                byte[] payload = new byte[(int) length];
                in.position(start + header);
                in.get(payload);
                int opcode = b0 & 0x0f;
                if (opcode == 0x1) {
                    onText.accept(new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 0x9) {
                    pong(payload);
                } else if (opcode == 0x8) {
                    close();
                }
            }
            if (!closed) {
                in.compact();
            }
        }

        private void pong(byte[] payload) {
            ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
            frame.put((byte) 0x8A).put((byte) (0x80 | payload.length)).putInt(0).put(payload).flip();
            write(frame);
        }

        private static int headerEnd(ByteBuffer buffer) {
            for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
                if (buffer.get(i) == '\r' && buffer.get(i + 1) == '\n' && buffer.get(i + 2) == '\r' && buffer.get(i + 3) == '\n') {
                    return i + 4;
                }
            }
            return -1;
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    // ---------------------------------------------------------------- measurements

    /** Latencies of the measurement window. */
    private static final class Stats {
        long[] samples = new long[1 << 16];
        int count;
        long errors;

        void add(long nanos) {
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, samples.length * 2);
            }
            samples[count++] = nanos;
        }

        String percentiles() {
            if (count == 0) {
                return " p50_us=- p99_us=- p999_us=-";
            }
            long[] sorted = Arrays.copyOf(samples, count);
            Arrays.sort(sorted);
            return " p50_us=" + micros(sorted, 0.50) + " p99_us=" + micros(sorted, 0.99) + " p999_us=" + micros(sorted, 0.999);
        }

        private static String micros(long[] sorted, double quantile) {
            return String.format("%.0f", sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1000.0);
        }
    }

    /** CPU used by this thread and by the server process over the measurement window, in cores. */
    private static final class CpuClock {
        private final long[] serverPids;
        private long wall;
        private long ownCpu;
        private long[] serverTicks;
        private double own;
        private double[] server;

        CpuClock(long[] serverPids) {
            this.serverPids = serverPids;
        }

        void start() {
            wall = System.nanoTime();
            ownCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            serverTicks = serverTicks();
        }

        void stop() {
            double seconds = (System.nanoTime() - wall) / 1e9;
            own = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - ownCpu) / 1e9 / seconds;
            long[] now = serverTicks();
            server = new double[serverPids.length];
            for (int i = 0; i < now.length; i++) {
                server[i] = serverPids[i] > 0 ? (now[i] - serverTicks[i]) / 100.0 / seconds : -1;
            }
        }

        String report() {
            double total = java.util.Arrays.stream(server).sum();
            String each = server.length < 2 ? ""
                    : " server_cpu_each=" + String.join("/", java.util.Arrays.stream(server).mapToObj(c -> String.format("%.2f", c)).toList());
            return String.format(" generator_cpu=%.2f server_cpu=%.2f%s generator_bound=%s", own, total, each, own > 0.90);
        }

        private long[] serverTicks() {
            long[] ticks = new long[serverPids.length];
            for (int i = 0; i < serverPids.length; i++) {
                if (serverPids[i] <= 0) {
                    continue;
                }
                try {
                    String stat = Files.readString(Path.of("/proc/" + serverPids[i] + "/stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks[i] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                } catch (IOException e) {
                    // gone: counts nothing
                }
            }
            return ticks;
        }
    }

    private static long rssKb(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** The server's live heap after a full GC (jcmd), in KB; -1 when not a JVM or not asked. */
    private long liveHeapKb() throws InterruptedException {
        if (!options.containsKey("java") || serverPid <= 0) {
            return -1;
        }
        try {
            run("jcmd", String.valueOf(serverPid), "GC.run");
            String info = run("jcmd", String.valueOf(serverPid), "GC.heap_info");
            // Serial and Parallel GC list each generation, G1 one heap line: add them up
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K").matcher(info);
            long total = -1;
            while (used.find()) {
                total = Math.max(total, 0) + Long.parseLong(used.group(1));
            }
            return total;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The server's live objects per class (jcmd GC.class_histogram, which collects first):
     * class name to {instances, bytes}; null unless {@code --histogram FILE} was given.
     */
    private java.util.Map<String, long[]> histogram() throws IOException, InterruptedException {
        if (!options.containsKey("histogram") || !options.containsKey("java") || serverPid <= 0) {
            return null;
        }
        java.util.Map<String, long[]> classes = new java.util.HashMap<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)")
                .matcher(run("jcmd", String.valueOf(serverPid), "GC.class_histogram"));
        while (row.find()) {
            classes.merge(row.group(3), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        return classes;
    }

    /** Writes the classes whose live bytes grew most, per connection, to {@code file}. */
    private static void writeHistogramDiff(java.util.Map<String, long[]> before, java.util.Map<String, long[]> after,
            int connections, java.nio.file.Path file) throws IOException {
        record Growth(String name, double instances, double bytes) {
        }
        List<Growth> growth = new ArrayList<>();
        after.forEach((name, counts) -> {
            long[] old = before.getOrDefault(name, new long[2]);
            growth.add(new Growth(name, (counts[0] - old[0]) / (double) connections, (counts[1] - old[1]) / (double) connections));
        });
        growth.sort(java.util.Comparator.comparingDouble(Growth::bytes).reversed());
        StringBuilder text = new StringBuilder(String.format("%10s %12s  %s%n", "bytes/conn", "objects/conn", "class"));
        double total = 0;
        for (Growth g : growth) {
            total += g.bytes();
        }
        for (Growth g : growth.subList(0, Math.min(40, growth.size()))) {
            text.append(String.format("%10.0f %12.2f  %s%n", g.bytes(), g.instances(), g.name()));
        }
        text.append(String.format("%10.0f %12s  total growth of live heap per connection%n", total, ""));
        java.nio.file.Files.writeString(file, text);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    private static long parseLong(String text, int from) {
        long value = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static List<Client> concat(Client[] a, Client[] b) {
        List<Client> all = new ArrayList<>(Arrays.asList(a));
        all.addAll(Arrays.asList(b));
        return all;
    }

    /** A realistic ~4.8 KB SDP offer body, JSON-escaped. */
    private static String sdp() {
        StringBuilder sdp = new StringBuilder("v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
                + "a=group:BUNDLE 0 1\\r\\na=msid-semantic: WMS\\r\\n");
        int line = 0;
        while (sdp.length() < 4_700) {
            sdp.append("a=rtpmap:").append(96 + line % 30).append(" VP8/90000\\r\\na=rtcp-fb:").append(96 + line % 30)
                    .append(" nack pli\\r\\na=fmtp:").append(97 + line % 30).append(" apt=").append(96 + line % 30).append("\\r\\n");
            line++;
        }
        return sdp.toString();
    }
}
