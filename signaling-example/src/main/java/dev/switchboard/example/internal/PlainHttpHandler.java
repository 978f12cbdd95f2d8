package dev.switchboard.example.internal;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Answers plain HTTP requests (anything that is not a WebSocket upgrade): a short text on the
 * endpoint's path, 404 elsewhere. Not part of the API.
 */
public final class PlainHttpHandler extends HttpHandler {

    private final String path;

    public PlainHttpHandler(String path) {
        this.path = path;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        response.setContentType("text/plain; charset=utf-8");
        if (!request.getRequestURI().equals(path)) {
            response.setStatus(404);
            response.getWriter().write("Not found\n");
            return;
        }
        response.getWriter().write("Switchboard WebRTC signaling server.\n"
                + "Connect a WebSocket to this URL and send {\"type\":\"login\",\"name\":\"alice\"}.\n");
    }
}
