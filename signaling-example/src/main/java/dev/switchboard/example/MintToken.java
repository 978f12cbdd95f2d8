package dev.switchboard.example;

import dev.switchboard.jakarta.SwitchboardSettings;
import java.time.Duration;

/**
 * Mints a login token, with the secret the server uses ({@code SWITCHBOARD_TOKEN_SECRET} or
 * {@code -Dswitchboard.tokenSecret}):
 * <pre>
 * java -cp ... dev.switchboard.example.MintToken NAME [SECONDS]    (default 3600)
 * </pre>
 * In an application, mint with {@code HmacTokenAuthenticator.mint(name, ttl)} after you have
 * authenticated the user yourself.
 */
public final class MintToken {

    private MintToken() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: MintToken NAME [SECONDS]   (secret from SWITCHBOARD_TOKEN_SECRET)");
            System.exit(2);
            return;
        }
        try {
            long seconds = args.length == 2 ? Long.parseLong(args[1]) : 3600;
            System.out.println(mint(SwitchboardSettings.fromEnvironment(), args[0], Duration.ofSeconds(seconds)));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("MintToken: " + e.getMessage());
            System.exit(2);
        }
    }

    static String mint(SwitchboardSettings settings, String name, Duration ttl) {
        return settings.tokenAuthenticator().mint(name, ttl);
    }
}
