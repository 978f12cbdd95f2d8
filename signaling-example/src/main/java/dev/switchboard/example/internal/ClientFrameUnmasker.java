package dev.switchboard.example.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Rewrites the stream of WebSocket frames a client sends (RFC 6455 §5.2) into the same frames
 * unmasked: each header loses its mask bit and masking key, each payload is XORed with the key
 * eight bytes at a time. Frame boundaries may fall anywhere between calls to {@link #transform};
 * the state between them is a partial header or the rest of a payload and its key position.
 *
 * <p>Why: Tyrus unmasks incoming payloads one byte at a time through volatile fields, which on a
 * 4.8 KB offer costs more than everything else Switchboard does with it. An unmasked frame it
 * copies in bulk. Clients must mask every frame (§5.1): a frame without a mask, or with a 64-bit
 * length whose top bit is set (§5.2), stops the transformation and {@link #violation()} says
 * why; the caller closes the connection with 1002. An instance serves one connection from one
 * thread at a time. Not part of the API.
 */
final class ClientFrameUnmasker {

    /** The largest header: 2 bytes, 8 of extended length, 4 of masking key. */
    static final int MAX_HEADER = 14;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] header = new byte[MAX_HEADER];
    private int headerLength;
    private long payloadLeft;
    /** The masking key, rotated so that its high byte applies to the next payload byte. */
    private int key;
    private String violation;

    /** The most bytes {@link #transform} writes for {@code length} bytes of input. */
    static int maxOutput(int length) {
        return length + MAX_HEADER;
    }

    /**
     * Transforms {@code length} bytes of the client's stream from {@code in} at {@code offset}
     * into {@code out} from index 0, which must hold {@link #maxOutput}{@code (length)} bytes.
     * Returns how many bytes it wrote: every complete header and payload byte seen so far, in
     * order, unmasked. A partial header is kept until its rest arrives. After a protocol
     * violation, it writes nothing more.
     */
    int transform(byte[] in, int offset, int length, byte[] out) {
        int read = offset;
        int end = offset + length;
        int written = 0;
        while (read < end && violation == null) {
            if (payloadLeft > 0) {
                int n = (int) Math.min(payloadLeft, end - read);
                unmask(in, read, out, written, n);
                read += n;
                written += n;
                payloadLeft -= n;
                continue;
            }
            header[headerLength++] = in[read++];
            if (headerLength < 2 || headerLength < headerSize()) {
                continue;
            }
            if ((header[1] & 0x80) == 0) {
                violation = "Client frame not masked";
                break;
            }
            int lengthBytes = headerSize() - 6;
            long payloadLength = header[1] & 0x7f;
            if (lengthBytes > 0) {
                payloadLength = 0;
                for (int i = 0; i < lengthBytes; i++) {
                    payloadLength = payloadLength << 8 | (header[2 + i] & 0xff);
                }
                if (payloadLength < 0) {
                    violation = "Invalid frame length";
                    break;
                }
            }
            out[written++] = header[0];
            out[written++] = (byte) (header[1] & 0x7f);
            System.arraycopy(header, 2, out, written, lengthBytes);
            written += lengthBytes;
            int k = 2 + lengthBytes;
            key = (header[k] & 0xff) << 24 | (header[k + 1] & 0xff) << 16 | (header[k + 2] & 0xff) << 8
                    | header[k + 3] & 0xff;
            payloadLeft = payloadLength;
            headerLength = 0;
        }
        return written;
    }

    /** Why the client's stream is invalid (a close reason), or null while it is valid. */
    String violation() {
        return violation;
    }

    /** The size of the header begun in {@code header}: its second byte decides. */
    private int headerSize() {
        int lengthCode = header[1] & 0x7f;
        int size = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0);
        return (header[1] & 0x80) != 0 ? size + 4 : size;
    }

    private void unmask(byte[] in, int from, byte[] out, int to, int n) {
        int k = key;
        long key64 = (long) k << 32 | (k & 0xFFFF_FFFFL);
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            LONGS.set(out, to + i, (long) LONGS.get(in, from + i) ^ key64);
        }
        for (; i < n; i++) {
            out[to + i] = (byte) (in[from + i] ^ k >>> 24);
            k = Integer.rotateLeft(k, 8);
        }
        key = k;
    }
}
