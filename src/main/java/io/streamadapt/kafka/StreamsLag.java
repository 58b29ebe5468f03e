package io.streamadapt.kafka;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * A Kafka Streams client's consumer lag from its own task metadata: for each input partition of its active tasks, the
 * end offset its stream thread last saw minus the offset it last committed.
 *
 * <p>Why not the consumer's {@code records-lag} metric: Kafka creates it per partition only once the partition is
 * assigned, and Micrometer's Kafka binder looks for new client metrics once a minute, so the series comes and goes
 * with rebalances; the task metadata is always there while the client runs.
 */
public final class StreamsLag {
    private StreamsLag() {
    }

    /**
     * Records this client's active tasks have yet to process, summed over their input partitions; partitions whose end
     * or committed offset is not known yet (before the first fetch or commit) are left out. NaN while the client is
     * not running (it has no task metadata then).
     */
    public static double of(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return Double.NaN;
        }
        long lag = 0;
        try {
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                for (TaskMetadata task : thread.activeTasks()) {
                    lag += lag(task.endOffsets(), task.committedOffsets());
                }
            }
        } catch (IllegalStateException notRunning) {
            // the client left RUNNING between the state check and the call
            return Double.NaN;
        }
        return lag;
    }

    static long lag(Map<TopicPartition, Long> endOffsets, Map<TopicPartition, Long> committedOffsets) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            Long committed = committedOffsets.get(end.getKey());
            if (end.getValue() != null && end.getValue() >= 0 && committed != null && committed >= 0 && end.getValue() > committed) {
                lag += end.getValue() - committed;
            }
        }
        return lag;
    }
}
