package dev.switchboard.example;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The standalone server as its own process, the way operators run it. */
final class ServerProcess {

    private ServerProcess() {
    }

    /** Starts {@link SwitchboardServer#main} on 127.0.0.1:{@code port} with extra environment and JVM options. */
    static Process start(int port, Map<String, String> environment, String... jvmOptions) throws IOException {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                SwitchboardServer.class.getName(), "--host", "127.0.0.1", "--port", String.valueOf(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The next line of the process's output that starts with {@code prefix}, or null at its end. */
    static String readLineStartingWith(BufferedReader out, String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }
}
