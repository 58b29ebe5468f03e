package io.streamadapt.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo talks to the user through its own lines (progress, summary); the service's INFO log lines on the same
 * terminal would break the progress line in the middle. Warnings and errors still show, and STREAMADAPT_LOG_LEVEL
 * (read by logback.xml) brings everything back.
 */
final class DemoLogging {
    static final String LEVEL_VARIABLE = "STREAMADAPT_LOG_LEVEL";

    private DemoLogging() {
    }

    static void quietUnlessConfigured() {
        if (System.getenv(LEVEL_VARIABLE) != null) {
            return;
        }
        if (LoggerFactory.getLogger("io.streamadapt") instanceof Logger logback) {
            logback.setLevel(Level.WARN);
        }
        // Kafka Streams repeats a forward-compatibility notice for every client it creates
        if (LoggerFactory.getLogger("org.apache.kafka.streams.StreamsConfig") instanceof Logger logback) {
            logback.setLevel(Level.ERROR);
        }
    }
}
