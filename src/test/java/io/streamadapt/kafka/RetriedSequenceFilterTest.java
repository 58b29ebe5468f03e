package io.streamadapt.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetriedSequenceFilterTest {
    private static final String RETRIED = "Invalid sequence number for producer 3 at offset 22 in partition t-0: 82 (incoming "
            + "seq. number). Expected sequence 0 " + RetriedSequenceFilter.RETRIABLE + ".";

    private LoggerContext context;
    private ListAppender<ILoggingEvent> appended;

    @BeforeEach
    void context() {
        context = new LoggerContext();
        context.addTurboFilter(new RetriedSequenceFilter());
        appended = new ListAppender<>();
        appended.setContext(context);
        appended.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appended);
    }

    @Test
    void theBrokersErrorForARetriedTransactionsV2SequenceIsNotPrinted() {
        broker().error("Error processing append operation on partition t-0", new OutOfOrderSequenceException(RETRIED));

        assertEquals(List.of(), appended.list);
    }

    @Test
    void anyOtherSequenceErrorOfTheBrokerIsPrinted() {
        broker().error("Error processing append operation on partition t-0",
                new OutOfOrderSequenceException("Out of order sequence number for producer 7: 51 (incoming seq. number), "
                        + "49 (current end sequence number)"));

        assertEquals(1, appended.list.size());
    }

    @Test
    void theSameExceptionFromAnotherLoggerOrAtAnotherLevelIsPrinted() {
        context.getLogger("org.apache.kafka.clients.producer.internals.Sender").error("failed", new OutOfOrderSequenceException(RETRIED));
        broker().warn("Error processing append operation on partition t-0", new OutOfOrderSequenceException(RETRIED));
        broker().error("Error processing append operation on partition t-0", new IllegalStateException(RETRIED));

        assertEquals(3, appended.list.size());
    }

    private Logger broker() {
        return context.getLogger(RetriedSequenceFilter.BROKER_LOGGER);
    }
}
