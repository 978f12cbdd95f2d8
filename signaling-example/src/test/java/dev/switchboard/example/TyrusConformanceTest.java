package dev.switchboard.example;

import dev.switchboard.conformance.SignalingConformanceKit;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;

/** The conformance kit on the standalone server: Tyrus on our Grizzly listener. */
class TyrusConformanceTest extends SignalingConformanceKit {

    private SwitchboardServer server;

    @Override
    protected String startHost(EndpointOptions options) {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).path("/signaling")
                .router(SignalingRouter.create()).options(options).build().start();
        return server.url();
    }

    @Override
    protected void stopHost() {
        server.close();
    }
}
