package dev.switchboard.example;

/** Command-line parsing for {@link SwitchboardServer#main}. */
final class Cli {

    static final String USAGE = """
            usage: switchboard [--host HOST] [--port PORT] [--path PATH]
              --host HOST  interface to bind (default localhost; 0.0.0.0 for every interface)
              --port PORT  port to listen on (default 9090; 0 picks a free port)
              --path PATH  WebSocket path (default /)
            Limits and timeouts: SWITCHBOARD_* environment variables or -Dswitchboard.* system
            properties, as listed in docs/security.md (for example SWITCHBOARD_PING_INTERVAL_SECONDS=15).""";

    private Cli() {
    }

    /** The configured builder, or null when help was asked for. */
    static SwitchboardServer.Builder parse(String... args) {
        SwitchboardServer.Builder builder = SwitchboardServer.builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            switch (name) {
                case "--host" -> builder.host(value);
                case "--port" -> builder.port(parsePort(value));
                case "--path" -> builder.path(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return builder;
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, was '" + value + "'");
        }
    }
}
