package dev.switchboard.core.codec;

import dev.switchboard.core.message.ClientMessage;
import dev.switchboard.core.message.ServerMessage;

/**
 * Turns wire text into messages and back. Implementations are thread-safe and stateless per call.
 * {@link JsonCodec} is the default.
 */
public interface SignalingCodec {

    /**
     * Decodes one text frame from a client.
     *
     * @throws DecodeException for anything that is not a valid message; never any other exception
     */
    ClientMessage decode(String text) throws DecodeException;

    /** Encodes one message for a client. */
    String encode(ServerMessage message);
}
