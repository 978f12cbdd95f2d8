package dev.switchboard.core.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs a recurring, peer-caused problem once at WARNING and every later time at DEBUG, so that a
 * hostile client cannot flood the server's log. Not part of the API.
 */
public final class WarnThenDebugLogger {

    private final Logger logger;
    private final AtomicBoolean warned = new AtomicBoolean();

    public WarnThenDebugLogger(Logger logger) {
        this.logger = logger;
    }

    public void log(String message, Throwable error) {
        if (!warned.get() && warned.compareAndSet(false, true)) {
            logger.log(Level.WARNING, message + " (further occurrences are logged at DEBUG)", error);
        } else if (logger.isLoggable(Level.DEBUG)) {
            logger.log(Level.DEBUG, message, error);
        }
    }
}
