package dev.switchboard.example.internal;

import dev.switchboard.jakarta.HealthReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Plain HTTP on the server's port: the demo page and the JavaScript client (signaling-web's
 * {@code META-INF/resources/}, read once from the classpath), and
 * {@code /switchboard-config.json}, which tells the page where the endpoint is, and
 * {@code /health} for load balancers and orchestrators. Anything else is 404. Not part of the API.
 */
public final class WebHandler extends HttpHandler {

    /** What the demo page fetches to find the endpoint. */
    public static final String CONFIG = "/switchboard-config.json";

    private static final String ROOT = "META-INF/resources";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "json", "application/json");

    /** The health check's path. */
    public static final String HEALTH = "/health";

    private final byte[] configJson;
    private final java.util.function.Supplier<HealthReport> health;
    /** URI to file, or a missing marker; only names of the form /name.ext are looked up. */
    private final Map<String, Resource> cache = new ConcurrentHashMap<>();

    private record Resource(String type, byte[] body) {
    }

    private static final Resource MISSING = new Resource(null, null);

    /**
     * @param path the endpoint path, already checked to hold only URI path characters
     * @param health what {@code /health} reports, asked for at each request
     */
    public WebHandler(String path, java.util.function.Supplier<HealthReport> health) {
        this.configJson = ("{\"path\":\"" + path + "\"}").getBytes(StandardCharsets.UTF_8);
        this.health = health;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String uri = request.getRequestURI();
        if (uri.equals(HEALTH)) {
            HealthReport now = health.get();
            response.setHeader("Cache-Control", "no-cache");
            response.setStatus(now.httpStatus());
            write(response, TYPES.get("json"), now.json().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (uri.equals(CONFIG)) {
            response.setHeader("Cache-Control", "no-cache");
            write(response, TYPES.get("json"), configJson);
            return;
        }
        Resource resource = uri.matches("/[A-Za-z0-9_-]*(\\.[a-z]+)?")
                ? cache.computeIfAbsent(uri.equals("/") ? "/index.html" : uri, WebHandler::load)
                : MISSING;
        if (resource == MISSING) {
            response.setStatus(404);
            write(response, "text/plain;charset=utf-8", "Not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        write(response, resource.type(), resource.body());
    }

    private static void write(Response response, String type, byte[] body) throws IOException {
        response.setContentType(type);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static Resource load(String uri) {
        String extension = uri.substring(uri.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null) {
            return MISSING;
        }
        try (InputStream in = WebHandler.class.getClassLoader().getResourceAsStream(ROOT + uri)) {
            return in == null ? MISSING : new Resource(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
