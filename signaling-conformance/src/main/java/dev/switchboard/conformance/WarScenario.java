package dev.switchboard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;

/**
 * The scenario run through the real WAR in each container: two users log in, call, answer,
 * trickle a candidate, and the callee's dropped connection reaches the caller as {@code leave}.
 */
public final class WarScenario {

    private WarScenario() {
    }

    /**
     * Asserts that the web application at {@code base} (such as http://127.0.0.1:8080/switchboard)
     * serves the demo page, the JavaScript client, and a configuration naming {@code endpointPath}.
     */
    public static void servesTheDemo(String base, String endpointPath) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build();
        Function<String, HttpResponse<String>> get = path -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        assertThat(get.apply("/").body()).contains("<title>Switchboard</title>");
        HttpResponse<String> client = get.apply("/switchboard-client.js");
        assertThat(client.headers().firstValue("Content-Type").orElse(""))
                .contains("javascript");
        assertThat(get.apply("/switchboard-config.json").body())
                .isEqualTo("{\"path\":\"" + endpointPath + "\"}");
    }

    /** Runs the scenario against the endpoint at {@code url}, with names made unique by {@code tag}. */
    public static void run(String url, String tag) {
        String alice = "alice-" + tag;
        String bob = "bob-" + tag;
        try (WsClient caller = WsClient.connect(alice, url).login(alice);
             WsClient callee = WsClient.connect(bob, url).login(bob)) {
            caller.send("{\"type\":\"offer\",\"name\":\"" + bob + "\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
            callee.receives("{\"type\":\"offer\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"},\"name\":\"" + alice + "\"}");
            callee.send("{\"type\":\"answer\",\"name\":\"" + alice + "\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}");
            caller.receives("{\"type\":\"answer\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\"},\"name\":\"" + bob + "\"}");
            caller.send("{\"type\":\"candidate\",\"name\":\"" + bob + "\",\"candidate\":{\"candidate\":\"c\",\"sdpMid\":\"0\"}}");
            callee.receives("{\"type\":\"candidate\",\"candidate\":{\"candidate\":\"c\",\"sdpMid\":\"0\"},\"name\":\"" + alice + "\"}");
            callee.abort();
            caller.receives("{\"type\":\"leave\",\"name\":\"" + bob + "\"}");
            caller.receivesNothingElse();
        }
    }
}
