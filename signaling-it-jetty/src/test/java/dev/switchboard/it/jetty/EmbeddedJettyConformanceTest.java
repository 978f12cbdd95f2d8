package dev.switchboard.it.jetty;

import dev.switchboard.conformance.SignalingConformanceKit;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;

/** The conformance kit on embedded Jetty 12 (ee10), with the endpoint registered in code. */
class EmbeddedJettyConformanceTest extends SignalingConformanceKit {

    private EmbeddedJetty jetty;

    @Override
    protected String startHost(EndpointOptions options) throws Exception {
        jetty = EmbeddedJetty.start(SignalingRouter.create(), options);
        return jetty.url();
    }

    @Override
    protected void stopHost() throws Exception {
        jetty.close();
    }
}
