package io.streamadapt.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Consumer lag of the service's Kafka Streams clients (edge: validation and serving; trainer: fine-tuning), one gauge
 * per client. The kafka package computes the lag (StreamsLag); this binder only exposes it.
 */
public final class ConsumerLagMetrics implements MeterBinder {
    private final Map<String, DoubleSupplier> lagByClient;

    /** @param lagByClient client name (the {@code client} tag) to its current lag in records */
    public ConsumerLagMetrics(Map<String, DoubleSupplier> lagByClient) {
        this.lagByClient = Map.copyOf(lagByClient);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        lagByClient.forEach((client, lag) -> Gauge.builder("streamadapt.consumer.lag", lag, DoubleSupplier::getAsDouble)
                .baseUnit("records")
                .description("Records the client's active tasks have yet to process: end offset minus committed offset, "
                        + "summed over their input partitions (NaN while the client is not running)")
                .tag("client", client)
                // nothing else holds the suppliers: a gauge's default weak reference would let them go and read NaN
                .strongReference(true)
                .register(registry));
    }
}
