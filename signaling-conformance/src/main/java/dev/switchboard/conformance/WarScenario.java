package dev.switchboard.conformance;

/**
 * The scenario run through the real WAR in each container: two users log in, call, answer,
 * trickle a candidate, and the callee's dropped connection reaches the caller as {@code leave}.
 */
public final class WarScenario {

    private WarScenario() {
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
