package dev.switchboard.bench;

import dev.switchboard.core.ConnectionLimits;
import dev.switchboard.core.Session;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.core.codec.DecodeException;
import dev.switchboard.core.codec.JsonCodec;
import dev.switchboard.core.message.ClientMessage;
import dev.switchboard.core.message.RawJson;
import dev.switchboard.core.message.ServerMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What Switchboard itself spends per message, without sockets: decoding, encoding, and routing
 * (decode + checks + encode + hand-off to the receiver's session) for a candidate and a ~4.8 KB
 * offer. Run with bench/jmh.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecAndRouterBenchmark {

    private static final String CANDIDATE_PAYLOAD = "{\"candidate\":\"candidate:842163049 1 udp 1677729535 127.0.0.1 46154 typ srflx"
            + " raddr 0.0.0.0 rport 0 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";

    private final JsonCodec codec = new JsonCodec();
    private String candidate;
    private String offer;
    private RawJson candidatePayload;
    private SignalingRouter router;
    private Session alice;

    /** A session that accepts everything and keeps nothing. */
    private static final class Sink implements Session {
        private final String id;
        Blackhole blackhole;

        Sink(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean send(String text) {
            if (blackhole != null) {
                blackhole.consume(text);
            }
            return true;
        }

        @Override
        public void close(int code, String reason) {
        }
    }

    private Sink bob;

    @Setup
    public void setUp() {
        candidate = "{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":" + CANDIDATE_PAYLOAD + "}";
        StringBuilder sdp = new StringBuilder("v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\n");
        while (sdp.length() < 4_700) {
            sdp.append("a=rtpmap:96 VP8/90000\\r\\na=rtcp-fb:96 nack pli\\r\\n");
        }
        offer = "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{\"type\":\"offer\",\"sdp\":\"" + sdp + "\"}}";
        candidatePayload = new RawJson(CANDIDATE_PAYLOAD);

        ConnectionLimits d = ConnectionLimits.DEFAULTS;
        router = SignalingRouter.builder()
                .limits(new ConnectionLimits(d.maxPayloadChars(), d.maxInvalidInARow(), Integer.MAX_VALUE, Integer.MAX_VALUE,
                        d.maxRateLimitedInARow(), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(1)))
                .build();
        alice = new Sink("alice");
        bob = new Sink("bob");
        router.onOpen(alice);
        router.onOpen(bob);
        router.onText(alice, "{\"type\":\"login\",\"name\":\"alice\"}");
        router.onText(bob, "{\"type\":\"login\",\"name\":\"bob\"}");
    }

    @Benchmark
    public ClientMessage decodeCandidate() throws DecodeException {
        return codec.decode(candidate);
    }

    @Benchmark
    public ClientMessage decodeOffer() throws DecodeException {
        return codec.decode(offer);
    }

    @Benchmark
    public String encodeCandidate() {
        return codec.encode(new ServerMessage.Candidate("alice", candidatePayload));
    }

    @Benchmark
    public void routeCandidate(Blackhole blackhole) {
        bob.blackhole = blackhole;
        router.onText(alice, candidate);
    }

    @Benchmark
    public void routeOffer(Blackhole blackhole) {
        bob.blackhole = blackhole;
        router.onText(alice, offer);
    }
}
