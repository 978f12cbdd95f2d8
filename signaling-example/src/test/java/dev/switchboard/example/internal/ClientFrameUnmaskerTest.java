package dev.switchboard.example.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientFrameUnmaskerTest {

    /** One frame as a client sends it (masked with {@code key}) and as Tyrus should get it. */
    private record Frame(byte[] masked, byte[] unmasked) {
    }

    private static Frame frame(int first, byte[] payload, int key) {
        ByteArrayOutputStream masked = new ByteArrayOutputStream();
        ByteArrayOutputStream unmasked = new ByteArrayOutputStream();
        masked.write(first);
        unmasked.write(first);
        byte[] length;
        if (payload.length < 126) {
            length = new byte[] {(byte) payload.length};
        } else if (payload.length < 65536) {
            length = new byte[] {126, (byte) (payload.length >>> 8), (byte) payload.length};
        } else {
            length = new byte[9];
            length[0] = 127;
            for (int i = 0; i < 8; i++) {
                length[1 + i] = (byte) ((long) payload.length >>> (56 - 8 * i));
            }
        }
        masked.write(length[0] | 0x80);
        masked.write(length, 1, length.length - 1);
        unmasked.write(length, 0, length.length);
        byte[] keyBytes = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
        masked.write(keyBytes, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            masked.write(payload[i] ^ keyBytes[i % 4]);
        }
        unmasked.write(payload, 0, payload.length);
        return new Frame(masked.toByteArray(), unmasked.toByteArray());
    }

    /** Feeds {@code stream} in pieces cut at {@code cuts}; everything written, in order. */
    private static byte[] feed(ClientFrameUnmasker unmasker, byte[] stream, int[] cuts) {
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        int from = 0;
        for (int cut : cuts) {
            byte[] piece = transform(unmasker, stream, from, cut - from);
            result.write(piece, 0, piece.length);
            from = cut;
        }
        byte[] rest = transform(unmasker, stream, from, stream.length - from);
        result.write(rest, 0, rest.length);
        return result.toByteArray();
    }

    private static byte[] transform(ClientFrameUnmasker unmasker, byte[] stream, int from, int length) {
        // the input sits at an offset inside a larger array, as in a pooled read buffer
        byte[] in = new byte[length + 7];
        System.arraycopy(stream, from, in, 3, length);
        byte[] out = new byte[ClientFrameUnmasker.maxOutput(length)];
        Arrays.fill(out, (byte) 0x5A);
        int written = unmasker.transform(in, 3, length, out);
        return Arrays.copyOf(out, written);
    }

    @Test
    void aMaskedTextFrameInOnePieceComesOutUnmasked() {
        // RFC 6455 §5.7: a single-frame masked text message containing "Hello"
        byte[] masked = HexFormat.of().parseHex("818537fa213d7f9f4d5158");
        ClientFrameUnmasker unmasker = new ClientFrameUnmasker();
        byte[] out = transform(unmasker, masked, 0, masked.length);
        assertThat(out).isEqualTo(HexFormat.of().parseHex("810548656c6c6f"));
        assertThat(unmasker.violation()).isNull();
    }

    @Test
    void randomFramesCutAtRandomPointsComeOutAsTheSameFramesUnmasked() {
        int[] sizes = {0, 1, 3, 7, 8, 9, 125, 126, 127, 4800, 65535, 65536, 70001};
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            int frames = 1 + random.nextInt(6);
            for (int f = 0; f < frames; f++) {
                int size = random.nextBoolean() ? sizes[random.nextInt(sizes.length)] : random.nextInt(300);
                byte[] payload = new byte[size];
                random.nextBytes(payload);
                int[] firsts = {0x81, 0x82, 0x01, 0x00, 0x80, 0x89, 0x8A, 0x88};
                Frame frame = frame(firsts[random.nextInt(firsts.length)], payload, random.nextInt());
                stream.write(frame.masked(), 0, frame.masked().length);
                expected.write(frame.unmasked(), 0, frame.unmasked().length);
            }
            byte[] bytes = stream.toByteArray();
            int[] cuts = random.ints(random.nextInt(12), 0, bytes.length + 1).sorted().toArray();
            if (seed % 3 == 0) { // every byte on its own: headers split at every point
                cuts = bytes.length > 20_000 ? cuts : java.util.stream.IntStream.range(1, bytes.length).toArray();
            }
            ClientFrameUnmasker unmasker = new ClientFrameUnmasker();
            assertThat(feed(unmasker, bytes, cuts)).as("seed %d", seed).isEqualTo(expected.toByteArray());
            assertThat(unmasker.violation()).isNull();
        }
    }

    @Test
    void anUnmaskedFrameStopsTheStreamAfterTheFramesBeforeIt() {
        Frame good = frame(0x81, "{\"type\":\"login\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0x01020304);
        byte[] unmasked = HexFormat.of().parseHex("810548656c6c6f");
        Frame after = frame(0x81, new byte[] {1, 2, 3}, 7);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(good.masked(), 0, good.masked().length);
        stream.write(unmasked, 0, unmasked.length);
        stream.write(after.masked(), 0, after.masked().length);

        ClientFrameUnmasker unmasker = new ClientFrameUnmasker();
        byte[] bytes = stream.toByteArray();
        assertThat(feed(unmasker, bytes, new int[] {5, good.masked().length + 1})).isEqualTo(good.unmasked());
        assertThat(unmasker.violation()).isEqualTo("Client frame not masked");
        assertThat(transform(unmasker, after.masked(), 0, after.masked().length)).isEmpty();
    }

    @Test
    void aLengthWithItsTopBitSetIsAViolation() {
        byte[] header = HexFormat.of().parseHex("81ff8000000000000001" + "00000000");
        ClientFrameUnmasker unmasker = new ClientFrameUnmasker();
        assertThat(transform(unmasker, header, 0, header.length)).isEmpty();
        assertThat(unmasker.violation()).isEqualTo("Invalid frame length");
    }
}
