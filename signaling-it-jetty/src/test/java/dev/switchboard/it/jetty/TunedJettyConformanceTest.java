package dev.switchboard.it.jetty;

import dev.switchboard.conformance.SignalingConformanceKit;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;

/** The conformance kit on Jetty with the per-core settings that the benchmark uses and the docs recommend. */
class TunedJettyConformanceTest extends SignalingConformanceKit {

    private EmbeddedJetty jetty;

    @Override
    protected String startHost(EndpointOptions options) throws Exception {
        jetty = EmbeddedJetty.startTuned(SignalingRouter.create(), options, 0);
        return jetty.url();
    }

    @Override
    protected void stopHost() throws Exception {
        jetty.close();
    }
}
