package dev.switchboard.it.tomcat;

import dev.switchboard.jakarta.SwitchboardSettings;

/**
 * Switchboard in tuned embedded Tomcat for {@code bench/run.sh}: settings from the environment
 * ({@code SWITCHBOARD_*}), 127.0.0.1 and the port given as the only argument; the WebSocket text
 * buffer is sized to the message limit. Runs until killed.
 */
public final class TomcatBenchmarkHost {

    private TomcatBenchmarkHost() {
    }

    public static void main(String[] args) throws Exception {
        SwitchboardSettings settings = SwitchboardSettings.fromEnvironment();
        EmbeddedTomcat tomcat = EmbeddedTomcat.startTuned(settings.newRouter(), settings.options(),
                Integer.parseInt(args[0]), settings.options().maxTextMessageChars());
        System.out.println("Switchboard on Tomcat listening on " + tomcat.url());
        Thread.currentThread().join();
    }
}
