package dev.switchboard.jakarta.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/** The endpoint behind {@code SignalingEndpoints.config(..)}. Stateless: one instance may serve
 *  every session. Not part of the API. */
public final class ProgrammaticEndpoint extends Endpoint {

    private final EndpointSupport support;

    public ProgrammaticEndpoint(EndpointSupport support) {
        this.support = support;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> support.text(session, text));
        // without a binary handler a container drops binary frames silently; answer them instead
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> support.binary(session, data));
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> support.pong(session));
        support.open(session);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        support.close(session, closeReason);
    }

    @Override
    public void onError(Session session, Throwable error) {
        support.error(session, error);
    }
}
