package dev.switchboard.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.switchboard.core.message.ClientMessage;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring tokens that bind a login name: an application that knows who its user is
 * mints a token for that user's name, and only a connection presenting it may log in under that
 * name. HMAC-SHA256 from the JDK; no other dependency.
 *
 * <p>A token is {@code v1.NAME.EXPIRES.SIGNATURE}: NAME in unpadded base64url, EXPIRES in epoch
 * seconds, SIGNATURE the base64url HMAC-SHA256 of everything before it under the shared secret.
 * The client sends it in its login, {@code {"type":"login","name":"alice","token":"v1..."}}, or in
 * the URL it connects to, {@code ws://host/signaling?token=v1...} (the login's wins). A login
 * without one fails with {@code token_required}; a malformed or forged token, or one for
 * another name, with {@code token_invalid}; an expired one with {@code token_expired}. Tokens are
 * compared in constant time and never logged.
 *
 * <p>Thread-safe.
 */
public final class HmacTokenAuthenticator implements Authenticator {

    /** The shortest secret accepted, in bytes: the HMAC-SHA256 key size. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String VERSION = "v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;

    /**
     * @param secret at least {@value #MIN_SECRET_BYTES} bytes, shared with whatever mints tokens
     * @param clock the clock expiry is checked against
     */
    public HmacTokenAuthenticator(byte[] secret, Clock clock) {
        requireNonNull(secret, "secret is null");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, was " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = requireNonNull(clock, "clock is null");
        sign("check that the JDK has HmacSHA256");
    }

    /** A token for {@code name}, valid for {@code ttl} from now. */
    public String mint(String name, Duration ttl) {
        requireNonNull(name, "name is null");
        long expires = clock.instant().plus(requireNonNull(ttl, "ttl is null")).getEpochSecond();
        String body = VERSION + "." + B64.encodeToString(name.getBytes(UTF_8)) + "." + expires;
        return body + "." + sign(body);
    }

    @Override
    public Decision authenticate(Session session, ClientMessage.Login login) {
        String token = login.token();
        if (token == null) {
            java.util.List<String> fromUrl = session.queryParameters().get("token");
            token = fromUrl == null || fromUrl.isEmpty() ? null : fromUrl.get(0);
        }
        if (token == null) {
            return Decision.refuse(ErrorCode.TOKEN_REQUIRED, "This server requires a token to log in");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            return invalid();
        }
        String body = parts[0] + "." + parts[1] + "." + parts[2];
        byte[] expected = sign(body).getBytes(UTF_8);
        if (!MessageDigest.isEqual(expected, parts[3].getBytes(UTF_8))) {
            return invalid();
        }
        String name;
        long expires;
        try {
            name = new String(B64_DECODE.decode(parts[1]), UTF_8);
            expires = Long.parseLong(parts[2]);
        } catch (IllegalArgumentException e) {
            return invalid();
        }
        if (!name.equals(login.name())) {
            return invalid();
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expires))) {
            return Decision.refuse(ErrorCode.TOKEN_EXPIRED, "The token has expired");
        }
        return Decision.ALLOW;
    }

    private static Decision invalid() {
        return Decision.refuse(ErrorCode.TOKEN_INVALID, "The token is not valid for this name");
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal(body.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
