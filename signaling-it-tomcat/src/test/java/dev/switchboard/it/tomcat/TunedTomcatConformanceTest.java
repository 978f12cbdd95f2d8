package dev.switchboard.it.tomcat;

import dev.switchboard.conformance.SignalingConformanceKit;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;

/**
 * The conformance kit on Tomcat with the trimmed buffers that the benchmark uses and the docs
 * recommend; the text buffer is sized to the kit's message limit, as the docs say to.
 */
class TunedTomcatConformanceTest extends SignalingConformanceKit {

    private EmbeddedTomcat tomcat;

    @Override
    protected String startHost(EndpointOptions options) throws Exception {
        tomcat = EmbeddedTomcat.startTuned(SignalingRouter.create(), options, 0, options.maxTextMessageChars());
        return tomcat.url();
    }

    @Override
    protected void stopHost() throws Exception {
        tomcat.close();
    }
}
