package dev.switchboard.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.ConnectionLimits;
import dev.switchboard.core.Session;
import dev.switchboard.core.SignalingRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchboardSettingsTest {

    /** A session that records what the router sends it. */
    private static Session recording(List<String> sent) {
        return new Session() {
            @Override
            public String id() {
                return "s";
            }

            @Override
            public boolean send(String text) {
                return sent.add(text);
            }

            @Override
            public void close(int code, String reason) {
            }
        };
    }

    private static SwitchboardSettings read(Map<String, String> init, Map<String, String> env, Map<String, String> sys) {
        return SwitchboardSettings.read(init, env, sys);
    }

    @Test
    void nothingSetMeansTheDefaults() {
        SwitchboardSettings settings = read(Map.of("unrelated", "x"), Map.of("PATH", "/usr/bin"), Map.of("java.version", "17"));
        assertThat(settings).isEqualTo(new SwitchboardSettings("/signaling", EndpointOptions.DEFAULTS, 64, ConnectionLimits.DEFAULTS, null, 10_000, 100, null));
    }

    @Test
    void systemPropertiesOverrideEnvironmentVariablesWhichOverrideInitParams() {
        Map<String, String> init = Map.of("switchboard.path", "/from-init", "switchboard.maxMessageChars", "2048",
                "switchboard.maxNameLength", "10");
        Map<String, String> env = Map.of("SWITCHBOARD_PATH", "/from-env", "SWITCHBOARD_MAX_MESSAGE_CHARS", "4096");
        Map<String, String> sys = Map.of("switchboard.path", "/from-sys");
        SwitchboardSettings settings = read(init, env, sys);
        assertThat(settings.path()).isEqualTo("/from-sys");
        assertThat(settings.options().maxTextMessageChars()).isEqualTo(4096);
        assertThat(settings.maxNameLength()).isEqualTo(10);
        assertThat(settings.options().maxOutboundQueueChars()).isEqualTo(EndpointOptions.DEFAULTS.maxOutboundQueueChars());
    }

    @Test
    void aRedisUriMakesANodeOfACluster() {
        SwitchboardSettings settings = read(Map.of(), Map.of("SWITCHBOARD_REDIS_URI", "redis://:s3cret@10.0.0.5:6379/0",
                "SWITCHBOARD_REDIS_LEASE_SECONDS", "5"), Map.of("switchboard.redisKeyPrefix", "video-prod"));
        assertThat(settings.cluster()).isEqualTo(new SwitchboardSettings.Cluster("redis://:s3cret@10.0.0.5:6379/0", "video-prod",
                java.time.Duration.ofSeconds(5)));
        assertThat(settings.toString()).contains("redis://(credentials)@10.0.0.5:6379/0").doesNotContain("s3cret");
        assertThatThrownBy(settings::newRouter).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("use newRegistry() and newRouter(registry)");
        // this module has no cluster backend on its class path
        assertThatThrownBy(settings::newRegistry).isInstanceOf(IllegalStateException.class)
                .hasMessage("switchboard.redisUri is set, but no cluster backend on the class path serves it: "
                        + "add dev.switchboard:signaling-redis");
        assertThat(read(Map.of(), Map.of(), Map.of()).cluster()).isNull();
    }

    @Test
    void badClusterSettingsAreRefusedWithoutQuotingTheUri() {
        assertThatThrownBy(() -> read(Map.of(), Map.of("SWITCHBOARD_REDIS_URI", "http://user:pw@host"), Map.of()))
                .hasMessage("switchboard.redisUri (from environment variable SWITCHBOARD_REDIS_URI) must be a redis://, rediss:// or redis-sentinel:// URI");
        assertThatThrownBy(() -> read(Map.of("switchboard.redisLeaseSeconds", "5"), Map.of(), Map.of()))
                .hasMessage("switchboard.redisLeaseSeconds = '5' (from init-param switchboard.redisLeaseSeconds) needs switchboard.redisUri");
        assertThatThrownBy(() -> read(Map.of("switchboard.redisUri", "redis://h", "switchboard.redisKeyPrefix", "a:b"), Map.of(), Map.of()))
                .hasMessage("switchboard.redisKeyPrefix = 'a:b' (from init-param switchboard.redisKeyPrefix) may only contain letters, digits, '.', '_' and '-'");
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertThat(SwitchboardSettings.NAMES).extracting(SwitchboardSettings::environmentName).containsExactly(
                "SWITCHBOARD_PATH", "SWITCHBOARD_ALLOWED_ORIGINS", "SWITCHBOARD_TOKEN_SECRET", "SWITCHBOARD_MAX_MESSAGE_CHARS", "SWITCHBOARD_MAX_OUTBOUND_QUEUE_CHARS", "SWITCHBOARD_MAX_SEND_STALL_SECONDS",
                "SWITCHBOARD_MAX_NAME_LENGTH", "SWITCHBOARD_MAX_CONNECTIONS", "SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS",
                "SWITCHBOARD_MAX_PAYLOAD_CHARS", "SWITCHBOARD_MAX_INVALID_IN_A_ROW",
                "SWITCHBOARD_MESSAGES_PER_SECOND", "SWITCHBOARD_MESSAGE_BURST", "SWITCHBOARD_MAX_RATE_LIMITED_IN_A_ROW",
                "SWITCHBOARD_LOGIN_TIMEOUT_SECONDS", "SWITCHBOARD_PING_INTERVAL_SECONDS", "SWITCHBOARD_PONG_TIMEOUT_SECONDS",
                "SWITCHBOARD_REDIS_URI", "SWITCHBOARD_REDIS_KEY_PREFIX", "SWITCHBOARD_REDIS_LEASE_SECONDS");
        SwitchboardSettings settings = read(Map.of(), Map.of("SWITCHBOARD_MAX_OUTBOUND_QUEUE_CHARS", "70000"), Map.of());
        assertThat(settings.options().maxOutboundQueueChars()).isEqualTo(70_000);
    }

    @Test
    void badValuesNameTheSettingAndWhereTheValueCameFrom() {
        assertThatThrownBy(() -> read(Map.of("switchboard.maxMessageChars", "lots"), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("switchboard.maxMessageChars = 'lots' (from init-param switchboard.maxMessageChars) must be a positive whole number");
        assertThatThrownBy(() -> read(Map.of(), Map.of("SWITCHBOARD_PATH", "ws"), Map.of()))
                .hasMessage("switchboard.path = 'ws' (from environment variable SWITCHBOARD_PATH) must start with '/'");
        assertThatThrownBy(() -> read(Map.of("switchboard.path", "/a b\""), Map.of(), Map.of()))
                .hasMessage("switchboard.path = '/a b\"' (from init-param switchboard.path) may only contain URI path characters");
        assertThatThrownBy(() -> read(Map.of(), Map.of(), Map.of("switchboard.maxNameLength", "0")))
                .hasMessage("switchboard.maxNameLength = '0' (from system property switchboard.maxNameLength) must be a positive whole number");
        assertThatThrownBy(() -> read(Map.of("switchboard.maxMessageChars", "100"), Map.of(), Map.of()))
                .hasMessage("switchboard.maxMessageChars = '100' (from init-param switchboard.maxMessageChars) must be at least 1024");
        assertThatThrownBy(() -> read(Map.of("switchboard.maxMessageChars", "2000000"), Map.of(), Map.of()))
                .hasMessage("switchboard.maxOutboundQueueChars (default 1048576) must be at least switchboard.maxMessageChars (2000000)");
    }

    @Test
    void aTokenSecretMakesTheRouterRequireTokensAndIsNeverQuoted() {
        String secret = "a secret of at least thirty-two bytes";
        SwitchboardSettings settings = read(Map.of(), Map.of("SWITCHBOARD_TOKEN_SECRET", secret), Map.of());
        assertThat(settings.toString()).doesNotContain(secret);
        SignalingRouter router = settings.newRouter();
        List<String> sent = new ArrayList<>();
        Session session = recording(sent);
        router.onOpen(session);
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        String token = settings.tokenAuthenticator().mint("alice", java.time.Duration.ofMinutes(1));
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\",\"token\":\"" + token + "\"}");
        assertThat(sent).containsExactly(
                "{\"type\":\"login\",\"success\":false,\"code\":\"token_required\",\"message\":\"This server requires a token to log in\"}",
                "{\"type\":\"login\",\"success\":true}");
        assertThatThrownBy(() -> read(Map.of(), Map.of(), Map.of("switchboard.tokenSecret", "short secret")))
                .hasMessage("switchboard.tokenSecret (from system property switchboard.tokenSecret) must be at least 32 bytes")
                .message().doesNotContain("short secret");
    }

    @Test
    void allowedOriginsAreACommaSeparatedList() {
        SwitchboardSettings settings = read(Map.of("switchboard.allowedOrigins", " https://a.example, http://b.example:8080 ,"),
                Map.of(), Map.of());
        assertThat(settings.options().allowedOrigins()).containsExactlyInAnyOrder("https://a.example", "http://b.example:8080");
        assertThatThrownBy(() -> read(Map.of("switchboard.allowedOrigins", "a.example"), Map.of(), Map.of()))
                .hasMessage("switchboard.allowedOrigins = 'a.example' (from init-param switchboard.allowedOrigins) must be a"
                        + " comma-separated list of origins such as https://app.example.com, found 'a.example'");
    }

    @Test
    void everyConnectionLimitHasASetting() {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("SWITCHBOARD_MAX_PAYLOAD_CHARS", "1000");
        env.put("SWITCHBOARD_MAX_INVALID_IN_A_ROW", "2");
        env.put("SWITCHBOARD_MESSAGES_PER_SECOND", "3");
        env.put("SWITCHBOARD_MESSAGE_BURST", "4");
        env.put("SWITCHBOARD_MAX_RATE_LIMITED_IN_A_ROW", "5");
        env.put("SWITCHBOARD_LOGIN_TIMEOUT_SECONDS", "6");
        env.put("SWITCHBOARD_PING_INTERVAL_SECONDS", "8");
        env.put("SWITCHBOARD_PONG_TIMEOUT_SECONDS", "7");
        assertThat(read(Map.of(), env, Map.of()).limits()).isEqualTo(new ConnectionLimits(1000, 2, 3, 4, 5,
                java.time.Duration.ofSeconds(6), java.time.Duration.ofSeconds(8), java.time.Duration.ofSeconds(7)));
        assertThatThrownBy(() -> read(Map.of(), Map.of("SWITCHBOARD_PONG_TIMEOUT_SECONDS", "30"), Map.of()))
                .hasMessage("switchboard.pongTimeoutSeconds = '30' (from environment variable SWITCHBOARD_PONG_TIMEOUT_SECONDS)"
                        + " must be less than switchboard.pingIntervalSeconds (30)");
    }

    @Test
    void anUnknownSwitchboardNameIsATypoAndFails() {
        assertThatThrownBy(() -> read(Map.of("switchboard.maxMesageChars", "2048"), Map.of(), Map.of()))
                .hasMessageStartingWith("init-param switchboard.maxMesageChars is not a Switchboard setting; the settings are switchboard.path, ");
        assertThatThrownBy(() -> read(Map.of(), Map.of("SWITCHBOARD_PORT", "80"), Map.of()))
                .hasMessageStartingWith("environment variable SWITCHBOARD_PORT is not a Switchboard setting");
    }

    @Test
    void theRouterGetsTheNameLimit() {
        SignalingRouter router = read(Map.of("switchboard.maxNameLength", "3"), Map.of(), Map.of()).newRouter();
        List<String> sent = new ArrayList<>();
        Session session = recording(sent);
        router.onOpen(session);
        router.onText(session, "{\"type\":\"login\",\"name\":\"abcd\"}");
        router.onText(session, "{\"type\":\"login\",\"name\":\"abc\"}");
        assertThat(sent).containsExactly(
                "{\"type\":\"login\",\"success\":false,\"code\":\"invalid_name\",\"message\":\"Name is longer than 3 characters\"}",
                "{\"type\":\"login\",\"success\":true}");
    }
}
