package dev.switchboard.redis;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ClusterRegistry;
import dev.switchboard.core.Recipient;
import dev.switchboard.core.codec.JsonCodec;
import dev.switchboard.core.codec.SignalingCodec;
import dev.switchboard.core.message.ServerMessage;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link NameRegistry} that makes several Switchboard nodes one service through Redis: a name is
 * unique across the cluster, and a message to a user on another node is forwarded there.
 *
 * <ul>
 *   <li><b>Names.</b> A login claims its name atomically in Redis. The claim lasts as long as its
 *       node's lease, which the node renews every quarter of the lease; a node that dies (even by
 *       {@code kill -9}) stops renewing, and within the lease plus one renewal interval another
 *       node reaps its names and announces that it is gone.</li>
 *   <li><b>Directory.</b> Every node keeps who-is-where in memory, loaded when it connects and
 *       kept current by announcements on a pub/sub channel, so {@link #find} never waits on
 *       Redis. Same-node relays never touch Redis.</li>
 *   <li><b>Delivery.</b> A message for a user on another node is published on that node's
 *       channel, in the sender's order. Pub/sub delivers at most once, so nothing is taken on
 *       trust: a message nobody heard, and one for a login the receiving node no longer has (it
 *       reports back), both give the sender an error. Only a node whose lease ran out is taken
 *       for dead; one that is resubscribing keeps its users. Announcements and reports that a
 *       dropped connection could not carry are sent again at the next renewal.</li>
 *   <li><b>Redis unreachable.</b> Logins fail closed ({@code unavailable}); users already logged
 *       in stay, and relays between users of one node keep working. After any reconnect (Redis
 *       back, perhaps empty, or a replica promoted without the last writes) the node renews its
 *       lease, claims each of its names again (closing with close code 4409 the holder of any
 *       that another node took meanwhile), releases names Redis still gives to its logins that
 *       are gone, and reloads the directory.</li>
 * </ul>
 *
 * <p>Redis operations: a login is one script and one publish; a logout the same; a relay to
 * another node one publish; a relay on the same node none. Each node adds one script per renewal
 * interval. See docs/cluster.md for the capacity model.
 *
 * <p>Use one registry per router, {@link #connect} it before the server starts, and
 * {@link #close} it after the router has shut down.
 */
public final class RedisNameRegistry implements ClusterRegistry {

    private static final Logger LOG = System.getLogger(RedisNameRegistry.class.getName());
    private static final CompletionStage<Boolean> TAKEN = CompletableFuture.completedStage(false);
    /** Claims a reconciling node sends to Redis before it waits for their answers. */
    private static final int RECONCILE_BATCH = 1_000;
    /** Renewals a report waits for its node to listen again (a subscription reconnecting) before it is given up. */
    private static final int REPORT_ATTEMPTS = 3;
    /** Publishes kept for sending again; past this, the oldest are dropped, with a warning. */
    private static final int MAX_RESENDS = 10_000;

    private final Config config;
    private final String node;
    private final String nodesKey;
    private final String namesHashKey;
    private final String directoryChannel;
    private final String ownChannel;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    /**
     * Relays, reports and announcements: one connection, so that they reach Redis in the order
     * they were made, flushed in batches by {@link #flusher}. Leases and claims go on
     * {@link #connection}.
     */
    private final StatefulRedisConnection<String, String> dataConnection;
    private final RedisAsyncCommands<String, String> data;
    private final java.util.concurrent.ExecutorService flusher;
    private final AtomicBoolean flushPending = new AtomicBoolean();
    private final ScheduledExecutorService timer;

    private final AtomicLong logins = new AtomicLong();
    /** What this node holds, by name. */
    private final ConcurrentHashMap<String, Local> locals = new ConcurrentHashMap<>();
    /** Names with a claim in flight on this node. */
    private final Set<String> claiming = ConcurrentHashMap.newKeySet();
    /** What other nodes hold, by name. */
    private final ConcurrentHashMap<String, RemoteHandle> directory = new ConcurrentHashMap<>();
    /**
     * Other nodes' ids and channels, one pair of strings per node shared by all its handles: the
     * directory holds a handle per remote user, and copies per handle would double its size.
     */
    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();
    /** Releases Redis did not confirm, retried with each renewal. */
    private final Map<String, Long> unreleased = new ConcurrentHashMap<>();
    /** Names announced while the directory loads; the snapshot must not overwrite them. */
    private volatile Set<String> touchedWhileLoading;

    private volatile long lastRenewalNanos;
    /**
     * The subscription was down: this node missed announcements, and others may have forgotten its
     * names (nobody listened on its channel). The next renewal reloads the directory and announces
     * every local name again.
     */
    private volatile boolean directoryStale;
    /**
     * This node reconnected to Redis, which may be another server now (a Sentinel failover to a
     * replica that lacks the last writes): the next renewal checks this node's names against it.
     */
    private volatile boolean reconcileNames;
    /**
     * An announcement of a local login did not reach Redis (the data connection was down): the next
     * renewal that finds the data connection open announces every local name again.
     */
    private volatile boolean claimsUnannounced;
    /** Release announcements and reports that did not reach Redis, or nobody heard: sent again with each renewal. */
    private final Queue<Resend> resends = new ConcurrentLinkedQueue<>();
    private final AtomicInteger resendCount = new AtomicInteger();
    private volatile boolean reachable = true;
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Local(Recipient holder, long login) {
    }

    record Peer(String node, String channel) {
    }

    /**
     * A publish that must not be lost: sent again at the next renewal if the data connection could
     * not carry it, and, {@code ifUnheard} more times, if nobody was listening.
     */
    private record Resend(String channel, String message, int ifUnheard) {
    }

    private RedisNameRegistry(Config config) {
        this.config = config;
        this.node = newNodeId();
        String p = config.keyPrefix();
        this.nodesKey = p + ":nodes";
        this.namesHashKey = p + ":node:" + node + ":names";
        this.directoryChannel = p + ":directory";
        this.ownChannel = nodeChannel(node);
        this.resources = ClientResources.builder()
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        if (config.readBatch() != ReadBatch.NONE) {
                            channel.pipeline().addFirst(new ReadBatchHandler(config.readBatch()));
                        }
                    }
                })
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(1), config.lease().dividedBy(4), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(config.uri());
        uri.setTimeout(config.commandTimeout());
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .build());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-redis-" + node);
            t.setDaemon(true);
            return t;
        });
        this.flusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "switchboard-redis-flush-" + node);
            t.setDaemon(true);
            return t;
        });
        StatefulRedisConnection<String, String> c = null;
        StatefulRedisConnection<String, String> d = null;
        StatefulRedisPubSubConnection<String, String> s = null;
        try {
            c = client.connect();
            d = client.connect();
            d.setAutoFlushCommands(false);
            s = client.connectPubSub();
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            if (d != null) {
                d.close();
            }
            flusher.shutdownNow();
            shutdownClient();
            throw new IllegalStateException("cannot connect to Redis at " + safe(uri) + ": " + reason(e), e);
        }
        this.connection = c;
        this.redis = c.async();
        this.dataConnection = d;
        this.data = d.async();
        this.subscription = s;
    }

    /**
     * Connects to Redis, joins the cluster and loads the directory.
     *
     * @throws IllegalStateException if Redis cannot be reached within the command timeout
     */
    public static RedisNameRegistry connect(Config config) {
        requireNonNull(config, "config is null");
        RedisNameRegistry registry = new RedisNameRegistry(config);
        try {
            registry.start();
        } catch (RuntimeException e) {
            registry.close();
            if (reason(e).contains("NOPERM")) {
                String prefix = config.keyPrefix();
                throw new IllegalStateException(e.getMessage() + " (the Redis user needs keys ~" + prefix + ":* and channels &"
                        + prefix + ":*, see docs/cluster.md)", e);
            }
            throw e;
        }
        return registry;
    }

    /** A failure's message with its innermost cause's, where Redis's own words are (WRONGPASS, NOPERM). */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        return root == failure || root.getMessage() == null || message.contains(root.getMessage())
                ? message : message + ": " + root.getMessage();
    }

    /** Connects with {@link Config#of(String)}'s defaults. */
    public static RedisNameRegistry connect(String redisUri) {
        return connect(Config.of(redisUri));
    }

    private void start() {
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                try {
                    if (channel.equals(ownChannel)) {
                        onNodeMessage(message);
                    } else {
                        onDirectoryMessage(message);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "ignored a malformed cluster message on " + channel, e);
                }
            }
        });
        await(subscription.async().subscribe(ownChannel, directoryChannel), "subscribe");
        await(renew(), "join the cluster");
        lastRenewalNanos = System.nanoTime();
        loadDirectory();
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (closed.get()) {
                    return;
                }
                // the subscription missed announcements while it was down; the lease may have run out;
                // Redis may have lost writes (a failover)
                reconcileNames = true;
                soon(RedisNameRegistry.this::heartbeat);
                if (handler == subscription) {
                    directoryStale = true; // reloaded by the next renewal that reaches Redis
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (!closed.get() && reachable) {
                    reachable = false;
                    LOG.log(Level.WARNING, "lost the connection to Redis; logins fail until it returns, relays on this node go on");
                }
            }
        });
        long period = Math.max(1, config.lease().toMillis() / 4);
        timer.scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the timer thread, unless the registry is closing. */
    private void soon(Runnable task) {
        try {
            timer.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile: nothing left to renew
        }
    }

    // ---- NameRegistry ----

    @Override
    public CompletionStage<Boolean> claim(String name, Recipient holder) {
        requireNonNull(name, "name is null");
        requireNonNull(holder, "holder is null");
        if (closed.get()) {
            return CompletableFuture.failedStage(new UnavailableException("this node is leaving the cluster", null));
        }
        if (locals.containsKey(name) || !claiming.add(name)) {
            return TAKEN;
        }
        if (locals.containsKey(name)) { // claimed and put between the two checks above
            claiming.remove(name);
            return TAKEN;
        }
        long login = logins.incrementAndGet();
        return claimInRedis(name, login).handle((result, failure) -> {
            try {
                if (failure != null) {
                    // Redis may have run the claim all the same (a timeout, a connection lost on the
                    // way back): release it, until Redis confirms, so that it cannot block the name
                    releaseInRedis(name, login);
                    throw new CompletionException(new UnavailableException("Redis is unreachable", failure));
                }
                if (result == -1) {
                    soon(this::heartbeat);
                    throw new CompletionException(new UnavailableException("this node is renewing its cluster lease", null));
                }
                if (result != 1) {
                    return false; // 0: another node's; 2, which numbering rules out: a later login of this node's
                }
                locals.put(name, new Local(holder, login));
                // announced before the login is answered, so it precedes every relay from this login
                announceClaim(name, login);
                return true;
            } finally {
                claiming.remove(name);
            }
        });
    }

    /**
     * The holder of {@code name}: a local connection, another node's login from the directory, or,
     * when neither knows the name, a handle that looks it up in Redis as it forwards. A login on
     * another node may be announced a moment after its user has been told it is online; the
     * look-up makes a message sent in that moment arrive all the same, in order with later ones,
     * and a name nobody holds is reported back as {@code user_not_found}.
     */
    @Override
    public Recipient find(String name) {
        Local local = locals.get(name);
        if (local != null) {
            return local.holder();
        }
        RemoteHandle known = directory.get(name);
        return known != null ? known : new RemoteHandle(this, name, null, -1);
    }

    @Override
    public void release(String name, Recipient holder) {
        Local local = locals.get(name);
        if (local == null || local.holder() != holder || !locals.remove(name, local)) {
            return; // not this holder's, or lost already
        }
        releaseInRedis(name, local.login());
    }

    // ---- cross-node delivery ----

    /** Forwards a message from a local sender to a login on another node. */
    boolean forward(RemoteHandle to, Recipient sender, Recipient.Kind kind, String text) {
        Local from = locals.get(sender.name());
        if (from == null || from.holder() != sender || !dataConnection.isOpen()) { // relays ride the data connection alone
            return false;
        }
        if (to.node == null) {
            forwardByName(to.name, sender, from.login(), kind, text);
            return true;
        }
        String message = Wire.delivery(kind, to.name, to.login, sender.name(), node, from.login(), text);
        publish(to.channel, message).whenComplete((receivers, failure) -> {
            if (failure == null && receivers > 0) {
                return;
            }
            if (failure != null) {
                if (kind != Recipient.Kind.GONE) {
                    sender.undeliverable(kind, to.name);
                }
                return;
            }
            // Nobody listens on its channel: the node is gone, or its subscription is reconnecting.
            // Its lease tells which; a blip must not end its users' calls.
            nodeAlive(to.node).whenComplete((alive, unknown) -> {
                // forget a dead node's names before the sender hears of the failure, so that a
                // retry finds the user offline ...
                List<RemoteHandle> gone = unknown == null && alive == 0 ? forgetNode(to.node) : List.of();
                if (kind != Recipient.Kind.GONE) {
                    sender.undeliverable(kind, to.name);
                }
                // ... and tell its peers after that, when the sender's own call with it has been undone
                gone.forEach(this::tellPairedItLeft);
            });
        });
        return true;
    }

    /** The channel a node listens on for messages to its users. */
    private String nodeChannel(String holderNode) {
        return config.keyPrefix() + ":node:" + holderNode;
    }

    /** Another node's id and channel, shared by all its handles (see {@link #peers}). */
    Peer peer(String holderNode) {
        Peer known = peers.get(holderNode);
        return known != null ? known : peers.computeIfAbsent(holderNode, id -> new Peer(id, nodeChannel(id)));
    }

    /** Looks the holder up and publishes to its node in one script: in order with later publishes. */
    private void forwardByName(String target, Recipient sender, long senderLogin, Recipient.Kind kind, String text) {
        String key = config.keyPrefix() + ":name:" + target;
        RedisFuture<Long> forwarded = data.<Long>eval(Scripts.FORWARD, ScriptOutputType.INTEGER, new String[] {key, nodesKey},
                node, config.keyPrefix(), Wire.deliveryHead(kind, target), Wire.deliveryTail(sender.name(), node, senderLogin, text));
        flushSoon();
        forwarded.whenComplete((receivers, failure) -> {
            if (kind == Recipient.Kind.GONE || (failure == null && receivers > 0)) {
                return;
            }
            if (failure == null && receivers == -1) {
                sender.targetOffline(kind, target);
            } else {
                sender.undeliverable(kind, target);
            }
        });
    }

    private void onNodeMessage(String message) {
        char type = message.charAt(0);
        if (type == 'D') {
            String[] f = Wire.fields(message, 8);
            Recipient.Kind kind = Wire.kind(f[1]);
            String target = f[2];
            long targetLogin = Long.parseLong(f[3]);
            RemoteHandle sender = handle(f[4], f[5], Long.parseLong(f[6]));
            Local local = locals.get(target);
            boolean delivered = false;
            if (local != null && local.login() == targetLogin) {
                try {
                    delivered = local.holder().deliver(sender, kind, f[7]);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a local holder failed to take a message from another node", e);
                }
            }
            if (delivered) {
                sender.track(local.holder(), kind);
            } else if (kind != Recipient.Kind.GONE) {
                boolean offline = local == null || local.login() != targetLogin;
                // late, the sender still learns of it (its node drops it if that login has gone);
                // nobody listening may be the sender's node resubscribing
                publishSurely(new Resend(sender.channel, Wire.undeliverable(kind, offline, sender.name, sender.login, target),
                        REPORT_ATTEMPTS));
            }
        } else if (type == 'U') {
            String[] f = Wire.fields(message, 6);
            Local local = locals.get(f[3]);
            if (local != null && local.login() == Long.parseLong(f[4])) {
                if (f[2].equals(Wire.OFFLINE)) {
                    local.holder().targetOffline(Wire.kind(f[1]), f[5]);
                } else {
                    local.holder().undeliverable(Wire.kind(f[1]), f[5]);
                }
            }
        } else {
            throw new IllegalArgumentException("unknown node message type " + type);
        }
    }

    private void onDirectoryMessage(String message) {
        char type = message.charAt(0);
        if (type == 'x') {
            String gone = Wire.fields(message, 2)[1];
            if (!gone.equals(node)) {
                nodeGone(gone);
            }
            return;
        }
        String[] f = Wire.fields(message, 4);
        String name = f[1];
        String holderNode = f[2];
        long login = Long.parseLong(f[3]);
        if (holderNode.equals(node)) {
            return;
        }
        Set<String> touched = touchedWhileLoading;
        if (touched != null) {
            touched.add(name);
        }
        if (type == '+') {
            RemoteHandle fresh = new RemoteHandle(this, name, holderNode, login);
            RemoteHandle[] replaced = new RemoteHandle[1];
            directory.compute(name, (key, old) -> {
                if (old != null && old.equals(fresh)) {
                    return old;
                }
                replaced[0] = old;
                return fresh;
            });
            if (replaced[0] != null) {
                tellPairedItLeft(replaced[0]); // taken over from a node that died
            }
        } else if (type == '-') {
            RemoteHandle[] removed = new RemoteHandle[1];
            directory.computeIfPresent(name, (key, old) -> {
                if (old.node.equals(holderNode) && old.login == login) {
                    removed[0] = old;
                    return null;
                }
                return old;
            });
            if (removed[0] != null) {
                // peers still in a call with it: their leave did not come (it is sent before the
                // release, and takes them out of the call when it is delivered)
                tellPairedItLeft(removed[0]);
            }
        } else {
            throw new IllegalArgumentException("unknown directory message type " + type);
        }
    }

    /** The directory's handle for this login, so that what is tracked on it is found again. */
    private RemoteHandle handle(String name, String holderNode, long login) {
        RemoteHandle known = directory.get(name);
        if (known != null && known.login == login && known.node.equals(holderNode)) {
            return known;
        }
        RemoteHandle fresh = new RemoteHandle(this, name, holderNode, login);
        RemoteHandle raced = directory.putIfAbsent(name, fresh); // announced later, or during a reload
        return raced != null && raced.equals(fresh) ? raced : fresh;
    }

    /** A node is gone: forget what it held and tell local users in a call with it. */
    private void nodeGone(String gone) {
        forgetNode(gone).forEach(this::tellPairedItLeft);
    }

    private List<RemoteHandle> forgetNode(String gone) {
        peers.remove(gone);
        List<RemoteHandle> forgotten = new ArrayList<>();
        for (RemoteHandle handle : List.copyOf(directory.values())) {
            if (handle.node.equals(gone) && directory.remove(handle.name, handle)) {
                forgotten.add(handle);
            }
        }
        return forgotten;
    }

    private void tellPairedItLeft(RemoteHandle gone) {
        List<Recipient> paired = gone.takePaired();
        if (paired.isEmpty()) {
            return;
        }
        String leave = config.codec().encode(new ServerMessage.Leave(gone.name));
        for (Recipient local : paired) {
            try {
                local.deliver(gone, Recipient.Kind.GONE, leave);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a local holder failed to take a leave", e);
            }
        }
    }

    // ---- Redis ----

    /**
     * Publishes on the data connection: relays, reports and announcements, in the order they are
     * made, written in batches (see {@link #flushSoon}).
     */
    private RedisFuture<Long> publish(String channel, String message) {
        RedisFuture<Long> published = data.publish(channel, message);
        flushSoon();
        return published;
    }

    /**
     * Writes what the data connection holds, soon, on the flusher thread. Under load many
     * commands gather between two flushes and go out in one write; alone, one waits a thread
     * hand-over. Whoever queues a command after the flusher cleared the flag schedules the next.
     */
    private void flushSoon() {
        if (flushPending.compareAndSet(false, true)) {
            try {
                flusher.execute(() -> {
                    flushPending.set(false);
                    dataConnection.flushCommands();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushPending.set(false); // closing
            }
        }
    }

    /**
     * Tells every node that this node holds {@code name}. Announcements ride the data connection;
     * one it could not carry is made again by a later renewal, since until then other nodes would
     * look the name up in Redis for every message, or worse, still point at an earlier login.
     */
    private void announceClaim(String name, long login) {
        publish(directoryChannel, Wire.claimed(name, node, login)).whenComplete((receivers, failure) -> {
            if (failure != null) {
                claimsUnannounced = true;
            }
        });
    }

    /** Announces every local name again, after this node may have been forgotten or missed. */
    private void announceEveryClaim() {
        claimsUnannounced = false;
        locals.forEach((name, local) -> {
            announceClaim(name, local.login());
            if (locals.get(name) != local) {
                // released meanwhile: its own announcement may have gone out before this claim
                announceRelease(name, local.login());
            }
        });
    }

    /** Publishes {@code resend}, and keeps it for the next renewal if it failed or nobody heard it (see {@link Resend}). */
    private void publishSurely(Resend resend) {
        publish(resend.channel(), resend.message()).whenComplete((receivers, failure) -> {
            if (failure != null) {
                keepForResending(resend);
            } else if (receivers == 0 && resend.ifUnheard() > 0) {
                keepForResending(new Resend(resend.channel(), resend.message(), resend.ifUnheard() - 1));
            }
        });
    }

    private void keepForResending(Resend resend) {
        resends.add(resend);
        if (resendCount.incrementAndGet() > MAX_RESENDS && resends.poll() != null) {
            resendCount.decrementAndGet();
            LOG.log(Level.WARNING, "dropped a message for other nodes: more than " + MAX_RESENDS + " wait for Redis");
        }
    }

    /** Tells every node that a login released its name. */
    private void announceRelease(String name, long login) {
        publishSurely(new Resend(directoryChannel, Wire.released(name, node, login), 0));
    }

    /** 1 if {@code otherNode}'s lease is running, by Redis's clock; 0 if it ran out or never was. */
    private CompletionStage<Long> nodeAlive(String otherNode) {
        return redis.<Long>eval(Scripts.ALIVE, ScriptOutputType.INTEGER, new String[] {nodesKey}, otherNode);
    }

    private CompletionStage<Long> claimInRedis(String name, long login) {
        String key = config.keyPrefix() + ":name:" + name;
        return redis.<Long>eval(Scripts.CLAIM, ScriptOutputType.INTEGER, new String[] {key, nodesKey, namesHashKey},
                node, node + ":" + login, name, config.keyPrefix(), Long.toString(login));
    }

    private void releaseInRedis(String name, long login) {
        String key = config.keyPrefix() + ":name:" + name;
        unreleased.put(name, login);
        redis.<Long>eval(Scripts.RELEASE, ScriptOutputType.INTEGER, new String[] {key, namesHashKey},
                node + ":" + login, name, Long.toString(login)).whenComplete((held, failure) -> {
                    if (failure == null) {
                        unreleased.remove(name, login);
                        announceRelease(name, login);
                    }
                });
    }

    private CompletionStage<List<Object>> renew() {
        return redis.<List<Object>>eval(Scripts.HEARTBEAT, ScriptOutputType.MULTI, new String[] {nodesKey},
                node, Long.toString(config.lease().toMillis()), config.keyPrefix());
    }

    /** Renews the lease; after a lapse re-asserts every local name. Runs on the timer thread. */
    private void heartbeat() {
        try {
            renewAndRepair();
        } catch (RuntimeException e) {
            // never let the periodic task die
            LOG.log(Level.ERROR, "the cluster lease renewal failed unexpectedly", e);
        }
    }

    private void renewAndRepair() {
        if (closed.get()) {
            return;
        }
        List<Object> result;
        try {
            result = await(renew(), "renew the lease");
        } catch (RuntimeException e) {
            if (reachable) {
                reachable = false;
                LOG.log(Level.WARNING, "cannot renew this node's lease in Redis: " + e.getMessage());
            }
            return;
        }
        lastRenewalNanos = System.nanoTime();
        LOG.log(Level.TRACE, "renewed the lease of node {0}: {1}", node, result);
        boolean lapsed = ((Number) result.get(0)).longValue() == 0;
        if (!reachable) {
            LOG.log(Level.INFO, "Redis is reachable again");
        }
        reachable = true;
        if (lapsed || reconcileNames) {
            reconcileNames = false;
            if (!reconcileNamesWithRedis(lapsed)) {
                reconcileNames = true; // again after the next renewal
            }
        }
        if (directoryStale && subscription.isOpen()) {
            directoryStale = false;
            try {
                loadDirectory();
                announceEveryClaim();
            } catch (RuntimeException e) {
                directoryStale = true;
                if (!closed.get()) { // closing interrupts the load
                    LOG.log(Level.WARNING, "cannot load the cluster directory: " + e.getMessage());
                }
            }
        }
        if (claimsUnannounced && dataConnection.isOpen()) {
            announceEveryClaim();
        }
        if (dataConnection.isOpen()) {
            for (int n = resendCount.get(); n > 0; n--) {
                Resend resend = resends.poll();
                if (resend == null) {
                    break;
                }
                resendCount.decrementAndGet();
                publishSurely(resend);
            }
        }
        unreleased.forEach((name, login) -> {
            if (!locals.containsKey(name)) {
                releaseInRedis(name, login);
            }
        });
    }

    /**
     * Makes what Redis records for this node what the node holds, after its lease lapsed or after
     * it reconnected: claims every local name again (keeping each that nobody took meanwhile, and
     * closing the holders of the rest), and releases names Redis still gives to logins this node
     * no longer has. The claims go out together and are awaited after. Returns false if Redis
     * failed midway.
     */
    private boolean reconcileNamesWithRedis(boolean lapsed) {
        try {
            Map<String, String> recorded = await(redis.hgetall(namesHashKey), "read this node's names");
            List<Map.Entry<String, Local>> held = List.copyOf(Map.copyOf(locals).entrySet());
            long renewEvery = config.lease().toNanos() / 4;
            int lost = 0;
            // in batches, so that no claim waits behind so many that it times out
            for (int from = 0; from < held.size(); from += RECONCILE_BATCH) {
                if (System.nanoTime() - lastRenewalNanos > renewEvery) {
                    await(renew(), "renew the lease");
                    lastRenewalNanos = System.nanoTime();
                }
                List<Map.Entry<String, Local>> batch = held.subList(from, Math.min(held.size(), from + RECONCILE_BATCH));
                List<CompletableFuture<Long>> claims = new ArrayList<>(batch.size());
                for (Map.Entry<String, Local> entry : batch) {
                    claims.add(claimInRedis(entry.getKey(), entry.getValue().login()).toCompletableFuture());
                }
                for (int i = 0; i < batch.size(); i++) {
                    String name = batch.get(i).getKey();
                    Local local = batch.get(i).getValue();
                    long result = await(claims.get(i), "re-assert a name");
                    if (result == 1) {
                        if (locals.get(name) != local) {
                            releaseInRedis(name, local.login()); // logged out meanwhile: its release may have gone first
                        } else if (lapsed || !String.valueOf(local.login()).equals(recorded.get(name))) {
                            announceClaim(name, local.login());
                        }
                    } else if (result == 0 && locals.remove(name, local)) {
                        lost++;
                        local.holder().nameLost();
                    } else if (result == -1) {
                        return false; // the lease ran out meanwhile
                    } // 2: this login has gone, and a later one of this node holds the name

                }
            }
            if (lost > 0) {
                LOG.log(Level.WARNING, "other nodes took " + lost + " of this node's names while Redis did not have them;"
                        + " closed their holders here");
            }
            recorded.forEach((name, login) -> {
                if (!claiming.contains(name)) { // a claim in flight: its record may be newer than locals
                    Local local = locals.get(name);
                    if (local == null || !login.equals(String.valueOf(local.login()))) {
                        releaseInRedis(name, Long.parseLong(login));
                    }
                }
            });
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Replaces the directory with what Redis holds, keeping announcements that arrive meanwhile. */
    private void loadDirectory() {
        Set<String> touched = ConcurrentHashMap.newKeySet();
        touchedWhileLoading = touched;
        try {
            List<Object> rows = await(redis.<List<Object>>eval(Scripts.LOAD, ScriptOutputType.MULTI,
                    new String[] {nodesKey}, config.keyPrefix()), "load the directory");
            Map<String, RemoteHandle> fresh = new HashMap<>();
            for (int i = 0; i + 1 < rows.size(); i += 2) {
                String holderNode = (String) rows.get(i);
                if (holderNode.equals(node)) {
                    continue;
                }
                List<?> names = (List<?>) rows.get(i + 1);
                for (int j = 0; j + 1 < names.size(); j += 2) {
                    String name = (String) names.get(j);
                    fresh.put(name, new RemoteHandle(this, name, holderNode, Long.parseLong((String) names.get(j + 1))));
                }
            }
            for (RemoteHandle old : List.copyOf(directory.values())) {
                if (!touched.contains(old.name) && !old.equals(fresh.get(old.name)) && directory.remove(old.name, old)) {
                    tellPairedItLeft(old); // left while this node was not listening
                }
            }
            fresh.forEach((name, handle) -> {
                if (!touched.contains(name)) {
                    directory.putIfAbsent(name, handle);
                }
            });
        } finally {
            touchedWhileLoading = null;
        }
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(config.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Redis failed to " + what + ": " + cause.getMessage(), cause);
        }
    }

    // ---- health and life cycle ----

    @Override
    public boolean healthy() {
        return health().healthy();
    }

    /** The state of this node's link to the cluster, for health checks. */
    public Health health() {
        long last = lastRenewalNanos;
        Duration since = last == 0 ? null : Duration.ofNanos(System.nanoTime() - last);
        boolean healthy = reachable && !closed.get() && connection.isOpen() && dataConnection.isOpen() && subscription.isOpen()
                && since != null && since.compareTo(config.lease()) < 0;
        return new Health(healthy, node, since, locals.size(), directory.size());
    }

    /**
     * The state of a node's link to the cluster.
     *
     * @param healthy Redis is reachable and this node's lease was renewed within the lease time:
     *                logins work and the node's names are its own
     * @param node this node's id in the cluster (random per start)
     * @param sinceRenewal time since the lease was last renewed, or null before the first renewal
     * @param localNames names held by users connected to this node
     * @param remoteNames names in this node's copy of the directory, held on other nodes
     */
    public record Health(boolean healthy, String node, Duration sinceRenewal, int localNames, int remoteNames) {
    }

    /**
     * Leaves the cluster: frees this node's names in Redis (other nodes tell their users in calls
     * with them), then disconnects. Shut the router down first so that its users get a proper
     * close. Idempotent; waits at most about twice the command timeout.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        try {
            if (dataConnection != null && dataConnection.isOpen()) {
                // what users said on their way out (leave) goes before the cluster hears this node left
                RedisFuture<String> drained = data.ping();
                dataConnection.flushCommands();
                await(drained, "send what was queued");
            }
            if (connection != null && connection.isOpen()) {
                await(redis.eval(Scripts.LEAVE, ScriptOutputType.INTEGER, new String[] {nodesKey}, node, config.keyPrefix()),
                        "leave the cluster");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not leave the cluster cleanly (names are freed when the lease runs out): "
                    + e.getMessage());
        }
        locals.clear();
        directory.clear();
        flusher.shutdown();
        if (subscription != null) {
            subscription.close();
        }
        if (dataConnection != null) {
            dataConnection.flushCommands();
            dataConnection.close();
        }
        if (connection != null) {
            connection.close();
        }
        shutdownClient();
    }

    private void shutdownClient() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Where {@code uri} points, never with its password. */
    private static String safe(RedisURI uri) {
        if (!uri.getSentinels().isEmpty()) {
            StringBuilder at = new StringBuilder("Sentinel ");
            for (RedisURI sentinel : uri.getSentinels()) {
                at.append(at.length() > 9 ? "," : "").append(sentinel.getHost()).append(':').append(sentinel.getPort());
            }
            return at.append(" (master ").append(uri.getSentinelMasterId()).append(')').toString();
        }
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String newNodeId() {
        final String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /**
     * Brackets what one read from Redis brings: for the subscription, the messages of many relays
     * from other nodes, delivered one after the other on the Redis client's thread. A transport
     * that can write a connection's messages together uses it to do so (the standalone server
     * does: one system call per client and read instead of one per message). Both methods run on
     * the same thread, in pairs, never nested.
     */
    public interface ReadBatch {
        /** No bracketing: every message is written as it comes. */
        ReadBatch NONE = new ReadBatch() {
            @Override
            public void begin() {
            }

            @Override
            public void end() {
            }
        };

        /** Before the first message of a read. */
        void begin();

        /** After the last message of a read. */
        void end();
    }

    /**
     * How a node joins the cluster.
     *
     * @param uri the Redis URI, e.g. {@code redis://127.0.0.1:6379} or
     *            {@code rediss://:password@redis.internal:6380/0}
     * @param keyPrefix the prefix of every key and channel; nodes with the same prefix on the same
     *                  Redis form one cluster
     * @param lease how long a node's names outlive its last renewal; a dead node's names are
     *              free after at most this plus a quarter of it
     * @param commandTimeout how long a Redis command may take before it counts as failed
     * @param codec the codec of the routers, to write the {@code leave} sent for a dead node's users
     * @param readBatch brackets what one read from Redis brings; {@link ReadBatch#NONE} by default
     */
    public record Config(String uri, String keyPrefix, Duration lease, Duration commandTimeout, SignalingCodec codec,
            ReadBatch readBatch) {

        public static final String DEFAULT_PREFIX = "switchboard";
        public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
        public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

        public Config {
            requireNonNull(uri, "uri is null");
            requireNonNull(keyPrefix, "keyPrefix is null");
            requireNonNull(lease, "lease is null");
            requireNonNull(commandTimeout, "commandTimeout is null");
            requireNonNull(codec, "codec is null");
            requireNonNull(readBatch, "readBatch is null");
            if (!isRedisUri(uri)) {
                throw new IllegalArgumentException("a Redis URI starts with redis://, rediss:// or redis-sentinel://");
            }
            if (keyPrefix.isEmpty() || keyPrefix.contains(":") || keyPrefix.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("keyPrefix must be non-empty, without ':' or whitespace: '" + keyPrefix + "'");
            }
            if (lease.toMillis() < 400) {
                throw new IllegalArgumentException("lease must be at least 400 ms, was " + lease.toMillis() + " ms");
            }
            if (commandTimeout.isNegative() || commandTimeout.isZero() || commandTimeout.compareTo(lease) >= 0) {
                throw new IllegalArgumentException("commandTimeout must be positive and shorter than the lease");
            }
        }

        /** Whether {@code uri} has a scheme this registry connects to. */
        public static boolean isRedisUri(String uri) {
            return uri.startsWith("redis://") || uri.startsWith("rediss://") || uri.startsWith("redis-sentinel://");
        }

        /** The defaults: prefix {@value #DEFAULT_PREFIX}, a 10 s lease, a 2 s command timeout, {@link JsonCodec}. */
        public static Config of(String uri) {
            return new Config(uri, DEFAULT_PREFIX, DEFAULT_LEASE, DEFAULT_COMMAND_TIMEOUT, new JsonCodec(), ReadBatch.NONE);
        }

        public Config withKeyPrefix(String keyPrefix) {
            return new Config(uri, keyPrefix, lease, commandTimeout, codec, readBatch);
        }

        public Config withLease(Duration lease) {
            return new Config(uri, keyPrefix, lease, commandTimeout.compareTo(lease) < 0 ? commandTimeout : lease.dividedBy(4), codec,
                    readBatch);
        }

        public Config withCommandTimeout(Duration commandTimeout) {
            return new Config(uri, keyPrefix, lease, commandTimeout, codec, readBatch);
        }

        public Config withCodec(SignalingCodec codec) {
            return new Config(uri, keyPrefix, lease, commandTimeout, codec, readBatch);
        }

        public Config withReadBatch(ReadBatch readBatch) {
            return new Config(uri, keyPrefix, lease, commandTimeout, codec, readBatch);
        }
    }
}
