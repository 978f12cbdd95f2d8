package dev.switchboard.it.tomcat;

import dev.switchboard.conformance.SignalingConformanceKit;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;

/** The conformance kit on embedded Tomcat 11, with the endpoint registered in code. */
class EmbeddedTomcatConformanceTest extends SignalingConformanceKit {

    private EmbeddedTomcat tomcat;

    @Override
    protected String startHost(EndpointOptions options) throws Exception {
        tomcat = EmbeddedTomcat.start(SignalingRouter.create(), options);
        return tomcat.url();
    }

    @Override
    protected void stopHost() throws Exception {
        tomcat.close();
    }
}
