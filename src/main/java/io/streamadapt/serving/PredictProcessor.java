package io.streamadapt.serving;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.contract.Prediction;
import io.streamadapt.contract.PredictionRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Scores each request with the model serving at that moment and forwards the prediction, keyed by request id. */
final class PredictProcessor implements Processor<String, PredictionRequest, String, Prediction> {
    private final ModelHolder holder;
    private final ServingListener listener;
    private ProcessorContext<String, Prediction> context;

    PredictProcessor(ModelHolder holder, ServingListener listener) {
        this.holder = holder;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Prediction> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, PredictionRequest> record) {
        // one read of the reference: version number and model always belong together
        ServedModel served = holder.get().orElseThrow(() -> new IllegalStateException("no model is serving yet"));
        Classifier model = served.model();
        double[] p = model.predictProba(new float[][]{record.value().features()})[0];
        List<String> classes = model.classes();
        int best = 0;
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            probabilities.put(classes.get(i), p[i]);
            if (p[i] > p[best]) best = i;
        }
        long latency = Math.max(0, System.currentTimeMillis() - record.timestamp());
        String id = record.value().id() != null ? record.value().id() : record.key();
        context.forward(record.withKey(record.key()).withValue(new Prediction(id, classes.get(best), probabilities, served.version(), latency)));
        listener.predicted(served.version(), latency);
    }
}
