package dev.switchboard.it.jetty;

import dev.switchboard.jakarta.SwitchboardSettings;

/**
 * Switchboard in tuned embedded Jetty for {@code bench/run.sh}: settings from the environment
 * ({@code SWITCHBOARD_*}), 127.0.0.1 and the port given as the only argument. Runs until killed.
 */
public final class JettyBenchmarkHost {

    private JettyBenchmarkHost() {
    }

    public static void main(String[] args) throws Exception {
        SwitchboardSettings settings = SwitchboardSettings.fromEnvironment();
        EmbeddedJetty jetty = EmbeddedJetty.startTuned(settings.newRouter(), settings.options(), Integer.parseInt(args[0]));
        System.out.println("Switchboard on Jetty listening on " + jetty.url());
        Thread.currentThread().join();
    }
}
