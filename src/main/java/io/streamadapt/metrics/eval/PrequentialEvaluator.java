package io.streamadapt.metrics.eval;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Prequential evaluation of the adapted, the frozen source and the scratch shadow model over the last N labelled events
 * (each scored before it is learned), with the adapted model's feature-space statistics. Models list their classes in
 * their own order; the evaluator aligns them by name on one class list that grows when a label is first seen.
 * Thread-safe: the trainer records while scrapes read.
 */
public final class PrequentialEvaluator {
    private final List<String> classes = new CopyOnWriteArrayList<>();
    private final PrequentialWindow adapted;
    private final PrequentialWindow source;
    private final PrequentialWindow scratch;
    private final FeatureSpaceWindow features;
    private final AtomicLong scored = new AtomicLong();
    private volatile IntConsumer newClass = index -> {
    };

    /** The figures of one moment, taken together so that, for example, the label shares of a scrape add up to 1. */
    public record Snapshot(EvaluationSnapshot adapted, EvaluationSnapshot source, EvaluationSnapshot scratch,
                           FeatureSpaceSnapshot features) {
    }

    /**
     * @param window         labelled events each model is evaluated over; the feature-space window holds half as many
     *                       embeddings, at least 50
     * @param initialClasses the source model's classes
     */
    public PrequentialEvaluator(int window, List<String> initialClasses) {
        classes.addAll(initialClasses);
        adapted = new PrequentialWindow(window, initialClasses.size());
        source = new PrequentialWindow(window, initialClasses.size());
        scratch = new PrequentialWindow(window, initialClasses.size());
        features = new FeatureSpaceWindow(Math.max(50, window / 2));
    }

    /**
     * Records a labelled event as the adapted and the source model scored it before it was learned.
     *
     * @param embedding last-hidden-layer activations of the adapted model, or null when not sampled
     */
    public void scored(String label, List<String> modelClasses, double[] adaptedP, List<String> sourceClasses,
                       double[] sourceP, float[] embedding) {
        int truth = indexOf(label);
        modelClasses.forEach(this::indexOf);
        adapted.record(truth, reorder(modelClasses, adaptedP));
        source.record(truth, reorder(sourceClasses, sourceP));
        if (embedding != null) {
            features.record(embedding, truth);
        }
        scored.incrementAndGet();
    }

    /** Records the same labelled event as the scratch shadow scored it. */
    public void scratchScored(String label, List<String> modelClasses, double[] scratchP) {
        int truth = indexOf(label);
        modelClasses.forEach(this::indexOf);
        scratch.record(truth, reorder(modelClasses, scratchP));
    }

    /** Tells {@code action} the index of each class added to {@link #classes()} from now on. */
    public void onNewClass(IntConsumer action) {
        newClass = action;
    }

    public Snapshot snapshot() {
        return new Snapshot(adapted.snapshot(), source.snapshot(), scratch.snapshot(), features.snapshot());
    }

    public EvaluationSnapshot adapted() {
        return adapted.snapshot();
    }

    public EvaluationSnapshot source() {
        return source.snapshot();
    }

    public EvaluationSnapshot scratch() {
        return scratch.snapshot();
    }

    /** The class list the snapshots' per-class arrays follow; it only grows. */
    public List<String> classes() {
        return List.copyOf(classes);
    }

    /** Labelled events scored since this process started. */
    public long scoredEvents() {
        return scored.get();
    }

    /** Index of a class in the class list, adding it when it is new. */
    private synchronized int indexOf(String label) {
        int i = classes.indexOf(label);
        if (i >= 0) {
            return i;
        }
        classes.add(label);
        adapted.growClasses(classes.size());
        source.growClasses(classes.size());
        scratch.growClasses(classes.size());
        newClass.accept(classes.size() - 1);
        return classes.size() - 1;
    }

    private double[] reorder(List<String> modelClasses, double[] p) {
        double[] out = new double[classes.size()];
        for (int i = 0; i < p.length; i++) {
            out[classes.indexOf(modelClasses.get(i))] = p[i];
        }
        return out;
    }
}
