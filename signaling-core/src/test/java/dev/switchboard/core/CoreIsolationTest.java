package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The core is transport-agnostic: no WebSocket or servlet API on its classpath. */
class CoreIsolationTest {

    @Test
    void theCoreCompilesAndRunsWithoutAnyWebSocketOrServletApi() {
        for (String api : new String[] {"jakarta.websocket.Session", "javax.websocket.Session",
            "jakarta.servlet.Servlet", "org.glassfish.tyrus.core.TyrusSession"}) {
            assertThatThrownBy(() -> Class.forName(api, false, getClass().getClassLoader()))
                    .as(api + " must not be on the core's classpath")
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }
}
