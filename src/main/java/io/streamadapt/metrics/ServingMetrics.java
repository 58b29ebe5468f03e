package io.streamadapt.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamadapt.model.ServedModel;
import io.streamadapt.serving.ModelHolder;
import io.streamadapt.serving.ServingListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Serving version and prediction latency (record time to prediction), as a Prometheus histogram. */
public final class ServingMetrics implements MeterBinder, ServingListener {
    private final ModelHolder holder;
    private volatile Timer latency;

    public ServingMetrics(ModelHolder holder) {
        this.holder = holder;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("streamadapt.model.version", holder, h -> h.get().map(ServedModel::version).orElse(-1L))
                .description("Model version serving predictions").register(registry);
        latency = Timer.builder("streamadapt.prediction.latency")
                .description("Time from a request's record timestamp to its prediction")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    @Override
    public void predicted(long version, long latencyMs) {
        Timer t = latency;
        if (t != null) {
            t.record(latencyMs, TimeUnit.MILLISECONDS);
        }
    }
}
