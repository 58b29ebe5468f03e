package io.streamadapt.training;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Example;
import io.streamadapt.adapt.GateResult;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.adapt.TrainerMemory;
import io.streamadapt.contract.Json;
import io.streamadapt.contract.LabeledEvent;
import io.streamadapt.labelshift.CalibrationFitter;
import io.streamadapt.model.ModelSource;
import io.streamadapt.model.ModelVersion;
import io.streamadapt.model.ServedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single trainer task. For each labelled event: score it with the current and the frozen source model (test), then
 * hand it to the {@link Trainer} (train). A full buffer flushes at once; a wall-clock punctuator flushes a buffer whose
 * oldest event is {@code batch.max.wait} old. An accepted candidate is forwarded to the models topic in the same
 * transaction that consumes its events and updates the store, so versions and lineage survive crashes exactly once.
 */
final class TrainerProcessor implements Processor<String, LabeledEvent, String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);
    private static final int EMBEDDING_SAMPLE = 4;
    /** Under a backlog, labelled events are scored (prequentially) this many at a time. */
    private static final int SCORING_BATCH = 64;

    private final Function<TrainerMemory, Trainer> trainerFactory;
    private final ModelSource models;
    private final ServedModel source;
    private final ModelCodec codec;
    private final TrainingListener listener;
    private final Duration punctuateEvery;
    private final TrainerCommands commands;

    private ProcessorContext<String, byte[]> context;
    private Trainer trainer;
    private StoreTrainerMemory memory;
    private ServedModel current;
    private final List<Unscored> unscored = new ArrayList<>();

    /** A labelled event taken in but not yet scored by the models; {@code embed} samples it for the feature-space metrics. */
    private record Unscored(float[] features, String label, boolean embed) {
    }

    /**
     * @param trainerFactory builds the trainer over the store-backed memory, which exists only once the task starts
     */
    TrainerProcessor(Function<TrainerMemory, Trainer> trainerFactory, ModelSource models, ServedModel source, ModelCodec codec,
                     TrainingListener listener, Duration punctuateEvery, TrainerCommands commands) {
        this.trainerFactory = trainerFactory;
        this.models = models;
        this.source = source;
        this.codec = codec;
        this.listener = listener;
        this.punctuateEvery = punctuateEvery;
        this.commands = commands;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        KeyValueStore<String, byte[]> store = context.getStateStore(StoreTrainerMemory.STORE);
        memory = new StoreTrainerMemory(store);
        trainer = trainerFactory.apply(memory);
        current = models.newest().orElse(source);
        if (current.version() < memory.currentVersion()) {
            throw new IllegalStateException("trainer state is at version " + memory.currentVersion()
                    + " but the models topic only has up to " + current.version());
        }
        LOG.info("Trainer resumes from version {} ({} events seen, {} buffered)", current.version(), memory.seen(), memory.bufferSize());
        listener.buffered(memory.bufferSize());
        context.schedule(punctuateEvery, PunctuationType.WALL_CLOCK_TIME, now -> {
            score();
            if (trainer.due(now)) {
                flush(now);
            }
        });
    }

    @Override
    public void process(Record<String, LabeledEvent> record) {
        if (TrainerCommands.isCommand(record)) {
            score();
            commands.apply(record, current, memory, context).ifPresent(m -> current = m);
        } else if (record.value() != null) {
            learn(record);
        }
        commands.retireOld(current, context, record.timestamp());
    }

    private void learn(Record<String, LabeledEvent> record) {
        LabeledEvent e = record.value();
        long offset = context.recordMetadata().orElseThrow().offset();
        unscored.add(new Unscored(e.features(), e.label(), memory.seen() % EMBEDDING_SAMPLE == 0));
        boolean full = trainer.add(new Example(e.features(), e.label(), offset), context.currentSystemTimeMs());
        // The models that score an event change only at a flush or a command, and both score what is pending first: under
        // a backlog, scoring a few dozen events at once gives the same figures at a fraction of the cost of one by one.
        if (trainer.waiting() == 0 || unscored.size() >= SCORING_BATCH) {
            score();
        }
        listener.buffered(memory.bufferSize());
        listener.waiting(trainer.waiting());
        if (full) {
            flush(record.timestamp());
        }
    }

    /** Scores the pending events with the current, source and scratch models (prequential: before they are learned). */
    private void score() {
        if (unscored.isEmpty()) {
            return;
        }
        float[][] x = new float[unscored.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = unscored.get(i).features();
        }
        Classifier model = current.model();
        double[][] adapted = model.predictProba(x);
        double[][] fromSource = source.model().predictProba(x);
        Classifier scratch = trainer.scratch();
        double[][] fromScratch = scratch == null ? null : scratch.predictProba(x);
        List<float[]> sampled = new ArrayList<>();
        for (Unscored u : unscored) {
            if (u.embed()) {
                sampled.add(u.features());
            }
        }
        float[][] embeddings = sampled.isEmpty() ? new float[0][] : model.embed(sampled.toArray(float[][]::new));
        int next = 0;
        for (int i = 0; i < x.length; i++) {
            Unscored u = unscored.get(i);
            float[] embedding = u.embed() ? embeddings[next++] : null;
            listener.scored(u.label(), model.classes(), adapted[i], source.model().classes(), fromSource[i], embedding);
            if (fromScratch != null) {
                listener.scratchScored(u.label(), scratch.classes(), fromScratch[i]);
            }
        }
        unscored.clear();
    }

    private void flush(long timestamp) {
        score();
        models.newest().filter(v -> v.version() > current.version()).ifPresent(v -> {
            LOG.info("Continuing from version {} published outside the trainer", v.version());
            current = v;
        });
        List<Example> trainedOn = CalibrationFitter.trainingSet(memory.buffer(), memory.reservoir());
        Trainer.Flush f = trainer.flush(current.model());
        AdaptationStep.Outcome o = f.outcome();
        GateResult g = o.gate();
        if (!f.accepted()) {
            LOG.info("Candidate rejected ({}): accuracy {} vs current {} on {} held-out events (p {})",
                    g.reason(), fmt(g.candidateAccuracy()), fmt(g.currentAccuracy()), g.holdoutSize(), fmt(g.pWorse()));
            listener.flushed(f, -1);
            listener.buffered(0);
            return;
        }
        long version = commands.nextVersion(current, memory);
        Classifier candidate = o.published();
        ModelVersion mv = ModelVersion.fineTuned(new ModelVersion.Lineage(version, current.version()), o.origin(), candidate,
                codec.save(candidate), new ModelVersion.TrainingRange(f.fromOffset(), f.toOffset(), f.events()), gateFigures(f),
                CalibrationFitter.fit(candidate, memory.holdout(), trainedOn), System.currentTimeMillis());
        context.forward(new Record<>(Long.toString(version), Json.write(mv), timestamp));
        trainer.accepted(version);
        LOG.info("Published version {} (parent {}, {}): accuracy {} vs {} on {} held-out events, scratch {} (earlier batches: "
                        + "scratch only right {}, line only right {}), offsets {}..{}", version, current.version(), o.origin().id(),
                fmt(o.origin() == AdaptationStep.Origin.SCRATCH ? o.scratchAccuracy() : g.candidateAccuracy()), fmt(g.currentAccuracy()),
                g.holdoutSize(), fmt(o.scratchAccuracy()), o.scratchEarlier().candidateOnly(), o.scratchEarlier().currentOnly(),
                f.fromOffset(), f.toOffset());
        current = new ServedModel(version, candidate);
        listener.flushed(f, version);
        listener.buffered(0);
    }

    static Map<String, Object> gateFigures(Trainer.Flush f) {
        GateResult g = f.outcome().gate();
        Map<String, Object> m = new LinkedHashMap<>();
        AdaptationStep.Outcome o = f.outcome();
        m.put("verdict", g.reason());
        m.put("origin", o.origin().id());
        m.put("holdoutEvents", g.holdoutSize());
        m.put("candidateAccuracy", g.candidateAccuracy());
        m.put("parentAccuracy", g.currentAccuracy());
        m.put("candidateCrossEntropy", g.candidateCrossEntropy());
        m.put("parentCrossEntropy", g.currentCrossEntropy());
        m.put("candidateOnlyRight", g.candidateOnlyRight());
        m.put("parentOnlyRight", g.currentOnlyRight());
        m.put("pWorse", g.pWorse());
        if (o.scratchGate() != null) {
            m.put("scratchAccuracy", o.scratchAccuracy());
            // earlier micro-batches, scored by both before they were learned, that the shadow was judged on as well
            m.put("scratchOnlyRightEarlier", o.scratchEarlier().candidateOnly());
            m.put("lineOnlyRightEarlier", o.scratchEarlier().currentOnly());
        }
        m.put("chosen", o.chosen().asMap());
        m.put("population", o.trials().size());
        m.put("batchEvents", f.batchEvents());
        m.put("trainedOn", o.trainedOn());
        m.put("fineTuneSeconds", o.fineTuneSeconds());
        return m;
    }

    private static String fmt(double d) {
        return String.format("%.4f", d);
    }
}
