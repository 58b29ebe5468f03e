package io.streamadapt.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Marker;

/**
 * Keeps the embedded broker from printing, with a stack trace, a rejection that transactions v2 make on purpose: a
 * batch whose sequence does not start at 0 while the broker holds no state for its producer (the producer pipelines
 * the next batches of a new transaction) is refused as retriable, and the producer sends it again once the first batch
 * is in (KAFKA-18202). Every Kafka Streams client started against the embedded broker under load logged a few of them,
 * a screen of errors in {@code bench} for nothing lost. The producer's own warning of the retry stays; any other
 * sequence error stays too.
 */
public final class RetriedSequenceFilter extends TurboFilter {
    static final String BROKER_LOGGER = "kafka.server.ReplicaManager";
    static final String RETRIABLE = "for transactions v2 idempotent producer with no existing state";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == Level.ERROR && t instanceof OutOfOrderSequenceException && logger != null
                && BROKER_LOGGER.equals(logger.getName()) && t.getMessage() != null && t.getMessage().contains(RETRIABLE)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
