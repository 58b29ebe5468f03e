package io.streamadapt.serving;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Probabilities;
import io.streamadapt.contract.Json;
import io.streamadapt.contract.Prediction;
import io.streamadapt.contract.PredictionRequest;
import io.streamadapt.contract.ProbabilityMap;
import io.streamadapt.model.ServedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Scores requests with the model serving at that moment and forwards predictions keyed by request id.
 *
 * <p>A network scores a batch of 32 several times faster per request than 32 single rows, so requests wait in a small
 * buffer until it holds {@code batchSize} of them or the oldest has waited {@code maxWaitMs}. The buffer is a
 * changelogged state store: under exactly-once a request is either still buffered (and restored after a crash) or its
 * prediction is committed, never both and never neither. With {@code batchSize} 1 each request is scored at once.
 */
final class PredictProcessor implements Processor<String, PredictionRequest, String, Prediction> {
    static final String STORE = "request-buffer";

    private final ModelHolder holder;
    private final PriorTracker priors;
    private final ServingListener listener;
    private final int batchSize;
    private final long maxWaitMs;
    private ProcessorContext<String, Prediction> context;
    private KeyValueStore<String, byte[]> store;
    private final TreeMap<Long, Buffered> buffer = new TreeMap<>();
    private long nextSeq;

    /** A request waiting to be scored, with what its prediction needs from the original record. */
    record Buffered(String key, PredictionRequest request, long timestamp) {
    }

    PredictProcessor(ModelHolder holder, PriorTracker priors, ServingListener listener, int batchSize, long maxWaitMs) {
        this.holder = holder;
        this.priors = priors;
        this.listener = listener;
        this.batchSize = batchSize;
        this.maxWaitMs = maxWaitMs;
    }

    @Override
    public void init(ProcessorContext<String, Prediction> context) {
        this.context = context;
        if (batchSize <= 1) {
            return;
        }
        store = context.getStateStore(STORE);
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                long seq = Long.parseLong(kv.key);
                buffer.put(seq, Json.read(kv.value, Buffered.class));
                nextSeq = Math.max(nextSeq, seq + 1);
            }
        }
        context.schedule(Duration.ofMillis(maxWaitMs), PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<String, PredictionRequest> record) {
        Buffered b = new Buffered(record.key(), record.value(), record.timestamp());
        if (batchSize <= 1) {
            score(List.of(b));
            return;
        }
        long seq = nextSeq++;
        buffer.put(seq, b);
        store.put(key(seq), Json.write(b));
        if (buffer.size() >= batchSize) {
            flush();
        }
    }

    private void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        score(new ArrayList<>(buffer.values()));
        for (Long seq : buffer.keySet()) {
            store.delete(key(seq));
        }
        buffer.clear();
    }

    /** Keys sort by arrival, so a restored buffer keeps its order. */
    private static String key(long seq) {
        return String.format("%019d", seq);
    }

    private void score(List<Buffered> batch) {
        // one read of the reference: the version number and the model that scores the whole batch belong together
        ServedModel served = holder.get().orElseThrow(() -> new IllegalStateException("no model is serving yet"));
        Classifier model = served.model();
        float[][] x = new float[batch.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = batch.get(i).request().features();
        }
        double[][] p = served.calibratedProba(x);
        // the estimate sees the calibrated, uncorrected probabilities: correcting its own input would feed back
        PriorTracker.Applied correction = priors.observe(served, x, p);
        List<String> classes = model.classes();
        long now = System.currentTimeMillis();
        for (int i = 0; i < x.length; i++) {
            Buffered b = batch.get(i);
            double[] q = correction.apply(p[i]);
            int best = Probabilities.argmax(q);
            int uncorrected = Probabilities.argmax(p[i]);
            // q is this request's own array (a corrected copy, or its calibrated row, which nobody writes again)
            ProbabilityMap probabilities = new ProbabilityMap(classes, q);
            long latency = Math.max(0, now - b.timestamp());
            String id = b.request().id() != null ? b.request().id() : b.key();
            context.forward(new Record<>(b.key(), new Prediction(id, classes.get(best), probabilities, served.version(), latency,
                    correction.correction().wireName(), classes.get(uncorrected)), b.timestamp()));
            listener.predicted(served.version(), latency);
        }
    }
}
