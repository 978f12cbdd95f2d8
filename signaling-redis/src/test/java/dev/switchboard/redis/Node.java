package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ConnectionLimits;
import dev.switchboard.core.Session;
import dev.switchboard.core.SignalingRouter;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One Switchboard node for tests: a router on a {@link RedisNameRegistry}, and in-process clients. */
final class Node implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();

    final RedisNameRegistry registry;
    final SignalingRouter router;

    Node(RedisNameRegistry.Config config) {
        this.registry = RedisNameRegistry.connect(config);
        // a burst well above the default, so that the ordering tests are not rate limited
        this.router = SignalingRouter.builder().registry(registry).limits(new ConnectionLimits(32 * 1024, 20, 10_000, 10_000,
                100, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10))).build();
    }

    /** A new client connected to this node. */
    Client connect() {
        Client client = new Client("c" + IDS.incrementAndGet());
        router.onOpen(client);
        return client;
    }

    /** A new client logged in as {@code name}. */
    Client login(String name) {
        Client client = connect();
        client.say("{\"type\":\"login\",\"name\":\"" + name + "\"}");
        client.receives("{\"type\":\"login\",\"success\":true}");
        return client;
    }

    @Override
    public void close() {
        router.shutdown(1001, "test over");
        registry.close();
    }

    /** A client session that records what it is sent; waits (bounded) for messages from other nodes. */
    final class Client implements Session {
        private final String id;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        volatile int closeCode = -1;
        volatile String closeReason;

        Client(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean send(String text) {
            if (closeCode != -1) {
                return false;
            }
            received.add(text);
            return true;
        }

        @Override
        public void close(int code, String reason) {
            if (closeCode == -1) {
                closeReason = reason;
                closeCode = code;
            }
        }

        /** This client sends {@code text} to its node. */
        void say(String text) {
            router.onText(this, text);
        }

        /** The connection drops. */
        void drop() {
            router.onClose(this);
        }

        String next(Duration within) {
            try {
                String text = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(text).as("a message for " + id + " within " + within).isNotNull();
                return text;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The next message within {@code within}, or null. */
        String poll(Duration within) {
            try {
                return received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void receives(String json) {
            assertThat(next(Duration.ofSeconds(5))).isEqualTo(json);
        }

        /** Asserts that nothing more arrives within a short while. */
        void receivesNothingElse() {
            try {
                assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("unexpected message for " + id).isNull();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
