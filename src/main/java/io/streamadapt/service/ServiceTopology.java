package io.streamadapt.service;

import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.adapt.TrainerMemory;
import io.streamadapt.contract.Validator;
import io.streamadapt.ingest.IngestListener;
import io.streamadapt.ingest.IngestTopology;
import io.streamadapt.kafka.Topics;
import io.streamadapt.labelshift.Correction;
import io.streamadapt.model.ModelSource;
import io.streamadapt.model.ServedModel;
import io.streamadapt.serving.ModelHolder;
import io.streamadapt.serving.PriorTracker;
import io.streamadapt.serving.ServingListener;
import io.streamadapt.serving.ServingTopology;
import io.streamadapt.training.TrainingListener;
import io.streamadapt.training.TrainingTopology;
import io.streamadapt.training.VersionCatalog;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.streams.Topology;

/**
 * The service runs two topologies, each in its own Kafka Streams client. The <em>edge</em> topology (ingest of both
 * flows and serving) scales out over the input partitions. The <em>trainer</em> topology reads the single-partition
 * training topic, so exactly one task in the whole deployment trains and versions form one line; running it in a
 * separate client keeps a long fine-tune step from delaying predictions.
 */
public final class ServiceTopology {
    private ServiceTopology() {
    }

    /** What the edge topology is made of. */
    public record EdgeParts(Validator validator, ModelHolder holder, PriorTracker priors, IngestListener ingest,
                            ServingListener serving, int servingBatchSize, Duration servingMaxWait) {
        private static final int DEFAULT_WINDOW = 500;

        /** Without label-shift correction (the estimate is still kept). */
        public EdgeParts(Validator validator, ModelHolder holder, IngestListener ingest, ServingListener serving,
                         int servingBatchSize, Duration servingMaxWait) {
            this(validator, holder, new PriorTracker(holder::get, Correction.OFF, DEFAULT_WINDOW, DEFAULT_WINDOW),
                    ingest, serving, servingBatchSize, servingMaxWait);
        }
    }

    /**
     * What the trainer topology is made of.
     *
     * @param catalog      published versions, for operator commands and retiring old versions
     * @param keepVersions newest versions kept on the models topic (older ones get tombstones)
     */
    public record TrainerParts(Function<TrainerMemory, Trainer> trainerFactory, ModelSource models, ServedModel source,
                               ModelCodec codec, TrainingListener training, Duration punctuateEvery, VersionCatalog catalog,
                               int keepVersions) {
        /** Without operator commands or retirement (topology tests). */
        public TrainerParts(Function<TrainerMemory, Trainer> trainerFactory, ModelSource models, ServedModel source,
                            ModelCodec codec, TrainingListener training, Duration punctuateEvery) {
            this(trainerFactory, models, source, codec, training, punctuateEvery, VersionCatalog.EMPTY, Integer.MAX_VALUE);
        }
    }

    /** The edge in the order data flows: labelled events are validated on to training; requests are validated, then served. */
    public static Topology edge(Topics topics, EdgeParts p) {
        Topology t = new Topology();
        IngestTopology.addLabeled(t, topics, p.validator(), p.ingest());
        IngestTopology.addRequests(t, topics, p.validator(), p.ingest(), ServingTopology.PREDICT);
        ServingTopology.addTo(t, topics, IngestTopology.REQUESTS_VALIDATE, p.holder(), p.priors(), p.serving(), p.servingBatchSize(),
                p.servingMaxWait());
        return t;
    }

    public static Topology trainer(Topics topics, TrainerParts p) {
        Topology t = new Topology();
        TrainingTopology.addTo(t, topics, p.trainerFactory(), p.models(), p.source(), p.codec(), p.training(), p.punctuateEvery(),
                p.catalog(), p.keepVersions());
        return t;
    }
}
