package dev.switchboard.jakarta;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ClusterRegistry;
import dev.switchboard.core.ConnectionLimits;
import dev.switchboard.core.HmacTokenAuthenticator;
import dev.switchboard.core.InMemoryNameRegistry;
import dev.switchboard.core.NameRegistry;
import dev.switchboard.core.SignalingRouter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The settings of a Switchboard endpoint deployed without code (the WAR), read from servlet
 * context init-params, environment variables and system properties.
 *
 * <p>Each setting has one name, {@code switchboard.NAME}; as an environment variable it is
 * {@code SWITCHBOARD_} followed by NAME in upper snake case ({@code switchboard.maxMessageChars}
 * is {@code SWITCHBOARD_MAX_MESSAGE_CHARS}). Precedence, highest first: system property,
 * environment variable, init-param, default. A name under {@code switchboard.} (or
 * {@code SWITCHBOARD_}) that is not a setting, and a value that does not parse, fail with a message
 * naming the setting and where its value came from.
 *
 * @param path the endpoint path inside the web application; default {@value #DEFAULT_PATH}, so
 *             that the application's root can serve a page
 * @param options the transport's per-connection limits
 * @param maxNameLength the longest login name, in Unicode code points
 * @param limits the router's per-connection limits and timeouts
 * @param tokenSecret the secret of {@link HmacTokenAuthenticator} tokens, or null when logins need
 *                    no token
 * @param maxConnections the most connections open at once
 * @param maxConnectionsPerAddress the most connections open at once from one IP address
 * @param cluster the cluster this node joins, or null for a single node
 */
public record SwitchboardSettings(String path, EndpointOptions options, int maxNameLength, ConnectionLimits limits,
        String tokenSecret, int maxConnections, int maxConnectionsPerAddress, Cluster cluster) {

    /**
     * The cluster a node joins ({@code switchboard.redisUri} and the settings next to it).
     *
     * @param uri the store's URI, e.g. {@code redis://10.0.0.5:6379}
     * @param keyPrefix separates clusters that share one store
     * @param lease how long a dead node's names stay taken
     */
    public record Cluster(String uri, String keyPrefix, Duration lease) {
        public Cluster {
            requireNonNull(uri, "uri is null");
            requireNonNull(keyPrefix, "keyPrefix is null");
            requireNonNull(lease, "lease is null");
        }

        @Override
        public String toString() {
            // a Redis URI may carry a password
            return "Cluster[uri=" + uri.replaceAll("//[^@/]*@", "//(credentials)@") + ", keyPrefix=" + keyPrefix
                    + ", lease=" + lease + "]";
        }
    }

    /** The settings with their defaults, in documentation order. */
    public static final List<String> NAMES = List.of(
            "switchboard.path", "switchboard.allowedOrigins", "switchboard.tokenSecret", "switchboard.maxMessageChars", "switchboard.maxOutboundQueueChars", "switchboard.maxSendStallSeconds",
            "switchboard.maxNameLength", "switchboard.maxConnections", "switchboard.maxConnectionsPerAddress",
            "switchboard.maxPayloadChars", "switchboard.maxInvalidInARow",
            "switchboard.messagesPerSecond", "switchboard.messageBurst", "switchboard.maxRateLimitedInARow",
            "switchboard.loginTimeoutSeconds", "switchboard.pingIntervalSeconds", "switchboard.pongTimeoutSeconds",
            "switchboard.redisUri", "switchboard.redisKeyPrefix", "switchboard.redisLeaseSeconds");

    /** The default endpoint path. Not "/": servlet containers map the root to a welcome file first. */
    public static final String DEFAULT_PATH = "/signaling";

    private static final String PREFIX = "switchboard.";
    private static final String ENV_PREFIX = "SWITCHBOARD_";

    public SwitchboardSettings {
        requireNonNull(path, "path is null");
        requireNonNull(options, "options is null");
        requireNonNull(limits, "limits is null");
    }

    /**
     * A single node's router configured with these settings.
     *
     * @throws IllegalStateException if a cluster is configured: then use {@link #newRegistry()}
     *         and {@link #newRouter(NameRegistry)}, and close the registry after the router shut down
     */
    public SignalingRouter newRouter() {
        if (cluster != null) {
            throw new IllegalStateException("switchboard.redisUri is set: use newRegistry() and newRouter(registry), "
                    + "and close the registry after the router has shut down");
        }
        return newRouter(new InMemoryNameRegistry());
    }

    /**
     * The name registry these settings ask for: a new in-memory one for a single node, or, with
     * {@code switchboard.redisUri}, a connected {@link ClusterRegistry} from the provider on the
     * class path (signaling-redis). Close a cluster registry after the router has shut down.
     *
     * @throws IllegalStateException if no provider serves the URI, or the cluster cannot be reached
     */
    public NameRegistry newRegistry() {
        if (cluster == null) {
            return new InMemoryNameRegistry();
        }
        for (ClusterRegistry.Provider provider : ServiceLoader.load(ClusterRegistry.Provider.class)) {
            if (provider.serves(cluster.uri())) {
                return provider.connect(cluster.uri(), cluster.keyPrefix(), cluster.lease());
            }
        }
        throw new IllegalStateException("switchboard.redisUri is set, but no cluster backend on the class path serves it: "
                + "add dev.switchboard:signaling-redis");
    }

    /** A router configured with these settings, on {@code registry}. */
    public SignalingRouter newRouter(NameRegistry registry) {
        SignalingRouter.Builder builder = SignalingRouter.builder().maxNameLength(maxNameLength).limits(limits)
                .maxConnections(maxConnections, maxConnectionsPerAddress).registry(registry);
        if (tokenSecret != null) {
            builder.authenticator(tokenAuthenticator());
        }
        return builder.build();
    }

    /** The authenticator of {@code tokenSecret}, to verify or mint tokens. */
    public HmacTokenAuthenticator tokenAuthenticator() {
        if (tokenSecret == null) {
            throw new IllegalStateException("switchboard.tokenSecret is not set");
        }
        return new HmacTokenAuthenticator(tokenSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.time.Clock.systemUTC());
    }

    @Override
    public String toString() {
        return "SwitchboardSettings[path=" + path + ", options=" + options + ", maxNameLength=" + maxNameLength
                + ", limits=" + limits + ", tokenSecret=" + (tokenSecret == null ? "none" : "(set)")
                + ", maxConnections=" + maxConnections + ", maxConnectionsPerAddress=" + maxConnectionsPerAddress
                + ", cluster=" + (cluster == null ? "none" : cluster) + "]";
    }

    /**
     * Reads the settings.
     *
     * @param initParams the servlet context init-params (any names; only {@code switchboard.*} are read)
     * @param environment the environment variables (only {@code SWITCHBOARD_*} are read)
     * @param systemProperties the system properties (only {@code switchboard.*} are read)
     * @throws IllegalArgumentException naming the setting, for an unknown name or a bad value
     */
    public static SwitchboardSettings read(Map<String, String> initParams, Map<String, String> environment,
            Map<String, String> systemProperties) {
        Map<String, Value> values = new LinkedHashMap<>();
        collect(values, initParams, "init-param", name -> name);
        collect(values, environment, "environment variable", SwitchboardSettings::fromEnvName);
        collect(values, systemProperties, "system property", name -> name);

        String path = values.containsKey("switchboard.path") ? values.get("switchboard.path").text() : DEFAULT_PATH;
        try {
            SignalingEndpoints.checkPath(path);
        } catch (IllegalArgumentException e) {
            throw values.get("switchboard.path").problem(path.startsWith("/")
                    ? "may only contain URI path characters" : "must start with '/'");
        }
        int maxMessage = number(values, "switchboard.maxMessageChars", EndpointOptions.DEFAULTS.maxTextMessageChars());
        long maxQueue = number(values, "switchboard.maxOutboundQueueChars", EndpointOptions.DEFAULTS.maxOutboundQueueChars());
        int maxName = number(values, "switchboard.maxNameLength", 64);
        if (maxMessage < 1024) {
            throw values.get("switchboard.maxMessageChars").problem("must be at least 1024");
        }
        if (maxQueue < maxMessage) {
            Value queue = values.get("switchboard.maxOutboundQueueChars");
            String problem = "must be at least switchboard.maxMessageChars (" + maxMessage + ")";
            throw queue != null ? queue.problem(problem)
                    : new IllegalArgumentException("switchboard.maxOutboundQueueChars (default " + maxQueue + ") " + problem);
        }
        java.util.Set<String> origins = new java.util.LinkedHashSet<>();
        Value originsValue = values.get("switchboard.allowedOrigins");
        if (originsValue != null) {
            for (String origin : originsValue.text().split(",")) {
                String trimmed = origin.trim();
                if (!trimmed.isEmpty()) {
                    if (!trimmed.matches("https?://[^/\\s]+")) {
                        throw originsValue.problem("must be a comma-separated list of origins such as https://app.example.com, found '"
                                + trimmed + "'");
                    }
                    origins.add(trimmed);
                }
            }
        }
        ConnectionLimits d = ConnectionLimits.DEFAULTS;
        int pingSeconds = number(values, "switchboard.pingIntervalSeconds", d.pingInterval().toSeconds());
        int pongSeconds = number(values, "switchboard.pongTimeoutSeconds", d.pongTimeout().toSeconds());
        if (pongSeconds >= pingSeconds) {
            String problem = "must be less than switchboard.pingIntervalSeconds (" + pingSeconds + ")";
            Value pong = values.get("switchboard.pongTimeoutSeconds");
            throw pong != null ? pong.problem(problem)
                    : new IllegalArgumentException("switchboard.pongTimeoutSeconds (default " + pongSeconds + ") " + problem);
        }
        ConnectionLimits limits = new ConnectionLimits(
                number(values, "switchboard.maxPayloadChars", d.maxPayloadChars()),
                number(values, "switchboard.maxInvalidInARow", d.maxInvalidInARow()),
                number(values, "switchboard.messagesPerSecond", d.messagesPerSecond()),
                number(values, "switchboard.messageBurst", d.messageBurst()),
                number(values, "switchboard.maxRateLimitedInARow", d.maxRateLimitedInARow()),
                Duration.ofSeconds(number(values, "switchboard.loginTimeoutSeconds", d.loginTimeout().toSeconds())),
                Duration.ofSeconds(pingSeconds),
                Duration.ofSeconds(pongSeconds));
        String secret = null;
        Value secretValue = values.get("switchboard.tokenSecret");
        if (secretValue != null) {
            secret = secretValue.text();
            if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < HmacTokenAuthenticator.MIN_SECRET_BYTES) {
                // never quote a secret, not even a bad one
                throw new IllegalArgumentException("switchboard.tokenSecret (from " + secretValue.source() + ") must be at least "
                        + HmacTokenAuthenticator.MIN_SECRET_BYTES + " bytes");
            }
        }
        Duration stall = Duration.ofSeconds(number(values, "switchboard.maxSendStallSeconds",
                EndpointOptions.DEFAULT_MAX_SEND_STALL.toSeconds()));
        Cluster cluster = null;
        Value redisUri = values.get("switchboard.redisUri");
        if (redisUri != null) {
            String uri = redisUri.text().trim();
            if (!uri.matches("(redis|rediss|redis-sentinel)://\\S+")) {
                // the value may hold a password: name the problem, never quote it
                throw new IllegalArgumentException("switchboard.redisUri (from " + redisUri.source()
                        + ") must be a redis://, rediss:// or redis-sentinel:// URI");
            }
            Value prefixValue = values.get("switchboard.redisKeyPrefix");
            String prefix = prefixValue == null ? "switchboard" : prefixValue.text();
            if (!prefix.matches("[A-Za-z0-9._-]+")) {
                throw prefixValue.problem("may only contain letters, digits, '.', '_' and '-'");
            }
            cluster = new Cluster(uri, prefix, Duration.ofSeconds(number(values, "switchboard.redisLeaseSeconds", 10)));
        } else {
            for (String clusterOnly : List.of("switchboard.redisKeyPrefix", "switchboard.redisLeaseSeconds")) {
                if (values.containsKey(clusterOnly)) {
                    throw values.get(clusterOnly).problem("needs switchboard.redisUri");
                }
            }
        }
        return new SwitchboardSettings(path, new EndpointOptions(maxMessage, maxQueue, origins, stall), maxName, limits, secret,
                number(values, "switchboard.maxConnections", 10_000), number(values, "switchboard.maxConnectionsPerAddress", 100),
                cluster);
    }

    /** Reads the settings of a process: its environment variables and system properties. */
    public static SwitchboardSettings fromEnvironment() {
        Map<String, String> properties = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> properties.put(name, System.getProperty(name)));
        return read(Map.of(), System.getenv(), properties);
    }

    private interface NameMapping {
        String settingName(String sourceName);
    }

    private static void collect(Map<String, Value> values, Map<String, String> source, String kind, NameMapping mapping) {
        source.forEach((sourceName, text) -> {
            boolean ours = kind.equals("environment variable") ? sourceName.startsWith(ENV_PREFIX) : sourceName.startsWith(PREFIX);
            if (!ours) {
                return;
            }
            String name = mapping.settingName(sourceName);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException(kind + " " + sourceName + " is not a Switchboard setting; the settings are "
                        + String.join(", ", NAMES));
            }
            values.put(name, new Value(name, text.trim(), kind + " " + sourceName));
        });
    }

    /** SWITCHBOARD_MAX_MESSAGE_CHARS to switchboard.maxMessageChars. */
    private static String fromEnvName(String env) {
        String[] words = env.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(PREFIX).append(words[0]);
        for (int i = 1; i < words.length; i++) {
            if (!words[i].isEmpty()) {
                name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
        }
        return name.toString();
    }

    /** switchboard.maxMessageChars to SWITCHBOARD_MAX_MESSAGE_CHARS. */
    public static String environmentName(String setting) {
        return ENV_PREFIX + setting.substring(PREFIX.length()).replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
    }

    private static int number(Map<String, Value> values, String name, long fallback) {
        Value value = values.get(name);
        if (value == null) {
            return Math.toIntExact(fallback);
        }
        try {
            int n = Integer.parseInt(value.text());
            if (n < 1) {
                throw value.problem("must be a positive whole number");
            }
            return n;
        } catch (NumberFormatException e) {
            throw value.problem("must be a positive whole number");
        }
    }

    private record Value(String name, String text, String source) {
        IllegalArgumentException problem(String what) {
            return new IllegalArgumentException(name + " = '" + text + "' (from " + source + ") " + what);
        }
    }
}
