package dev.switchboard.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 between one node and Redis, which a test can cut (every connection
 * closed, new ones refused) and heal: a network partition between that node and Redis, while
 * other nodes still reach it.
 */
final class TcpProxy implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Each relayed connection's two sockets, in the order the proxy accepted them. */
    private final List<Socket[]> connections = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private volatile boolean open = true;
    private final Object repliesHeld = new Object();
    private boolean holdReplies;

    TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            // bound once, for good: a port given up could be taken meanwhile by an outgoing socket
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = server.getLocalPort();
        Thread acceptor = new Thread(this::accept, "proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Relays connections again. */
    void heal() {
        open = true;
    }

    /** Closes every connection through the proxy; new ones are closed as soon as they come. */
    void cut() {
        open = false;
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
        sockets.clear();
    }

    /**
     * Closes only the {@code index}th connection the proxy accepted (from 0) and refuses new ones
     * until {@link #heal}: one of a node's connections to Redis is down while its others carry on.
     */
    void cutConnection(int index) {
        open = false;
        for (Socket socket : connections.get(index)) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    /**
     * Holds back what Redis sends until {@link #releaseReplies}: commands still reach Redis and
     * run, but their answers are late, as on a congested network.
     */
    void holdReplies() {
        synchronized (repliesHeld) {
            holdReplies = true;
        }
    }

    void releaseReplies() {
        synchronized (repliesHeld) {
            holdReplies = false;
            repliesHeld.notifyAll();
        }
    }

    private void awaitRepliesReleased() throws java.io.InterruptedIOException {
        synchronized (repliesHeld) {
            while (holdReplies) {
                try {
                    repliesHeld.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!open) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket("127.0.0.1", targetPort);
                sockets.add(client);
                sockets.add(upstream);
                connections.add(new Socket[] {client, upstream});
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                // closed, or the upstream refused: the client sees its connection close
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    if (replies) {
                        awaitRepliesReleased();
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the other side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }, "proxy-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        releaseReplies();
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
    }
}
