package io.streamadapt.service;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.http.Backend;
import io.streamadapt.kafka.StreamsLag;
import io.streamadapt.kafka.Topics;
import io.streamadapt.metrics.ConsumerLagMetrics;
import io.streamadapt.metrics.IngestMetrics;
import io.streamadapt.metrics.LabelShiftMetrics;
import io.streamadapt.metrics.ReliabilityMetrics;
import io.streamadapt.metrics.ServingMetrics;
import io.streamadapt.metrics.TrainingMetrics;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.serving.PriorTracker;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The service's meters on one Prometheus registry: a binder per stage, the JVM binders and, once the clients exist, the
 * Kafka Streams binders and their lag.
 */
record ServiceMeters(PrometheusMeterRegistry prometheus, IngestMetrics ingest, ServingMetrics serving, TrainingMetrics training,
                     LabelShiftMetrics labelShift, ReliabilityMetrics reliability) implements AutoCloseable {

    static ServiceMeters bind(Config config, Topics topics, ModelBootstrap models, PriorTracker priors) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().commonTags("application", config.get(Settings.APPLICATION_ID));
        IngestMetrics ingest = new IngestMetrics(List.of(topics.labeled().name(), topics.requests().name()));
        ServingMetrics serving = new ServingMetrics(models.holder());
        TrainingMetrics training = new TrainingMetrics(config.get(Settings.METRICS_WINDOW), models.source().model().classes());
        LabelShiftMetrics labelShift = new LabelShiftMetrics(priors, () -> models.registry().latest().map(ModelVersion::calibration),
                config.get(Settings.METRICS_WINDOW));
        ReliabilityMetrics reliability = new ReliabilityMetrics(models.registry(), List.of(topics.labeled().name(),
                topics.requests().name(), topics.training().name(), topics.predictions().name(), topics.models().name(), topics.dlq().name()));
        List.of(ingest, serving, training, labelShift, reliability, new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics()).forEach(b -> b.bindTo(meters));
        return new ServiceMeters(meters, ingest, serving, training, labelShift, reliability);
    }

    /** The Kafka Streams binders of both clients and their consumer lag. */
    void bindStreams(KafkaStreams edge, KafkaStreams trainer) {
        new KafkaStreamsMetrics(edge, Tags.of("client", "edge")).bindTo(prometheus);
        new KafkaStreamsMetrics(trainer, Tags.of("client", "trainer")).bindTo(prometheus);
        new ConsumerLagMetrics(Map.of("edge", () -> StreamsLag.of(edge), "trainer", () -> StreamsLag.of(trainer))).bindTo(prometheus);
    }

    /** One scrape in the format the client accepts; windowed figures are frozen first so one scrape is consistent. */
    Backend.Scrape scrape(String accept) {
        training.freezeForScrape();
        labelShift.freezeForScrape();
        return accept != null && accept.contains("application/openmetrics-text")
                ? new Backend.Scrape("application/openmetrics-text; version=1.0.0; charset=utf-8", prometheus.scrape("application/openmetrics-text"))
                : new Backend.Scrape("text/plain; version=0.0.4; charset=utf-8", prometheus.scrape());
    }

    @Override
    public void close() {
        prometheus.close();
    }
}
