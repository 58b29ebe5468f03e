package io.streamadapt.training;

import io.streamadapt.adapt.Trainer;
import java.util.List;
import java.util.function.BiConsumer;

/** Told what the trainer does, so metrics can follow the training flow without the processor knowing Micrometer. */
public interface TrainingListener {
    /**
     * A labelled event was scored before it was learned.
     *
     * @param adapted   class probabilities of the trainer's current model, in {@code classes} order
     * @param source    class probabilities of the frozen source model, in {@code sourceClasses} order
     * @param embedding last-hidden-layer activations of the current model, or null when not sampled
     */
    void scored(String label, List<String> classes, double[] adapted, List<String> sourceClasses, double[] source, float[] embedding);

    /**
     * The same labelled event was scored by the scratch shadow (same architecture, random start, same events) before it
     * was learned, so the live transfer gain is visible. Not called when the shadow is off.
     */
    default void scratchScored(String label, List<String> classes, double[] scratch) {
    }

    /** A micro-batch was flushed; {@code version} is the published version, or -1 when the candidate was rejected. */
    void flushed(Trainer.Flush flush, long version);

    /** The buffer now holds this many events. */
    void buffered(int events);

    /** This many labelled events were waiting behind the one the trainer just took in (its lag). */
    default void waiting(long events) {
    }

    /** Tells every listener, in order. */
    static TrainingListener all(TrainingListener... listeners) {
        List<TrainingListener> ls = List.of(listeners);
        return new TrainingListener() {
            @Override
            public void scored(String label, List<String> classes, double[] adapted, List<String> sourceClasses, double[] source, float[] embedding) {
                ls.forEach(l -> l.scored(label, classes, adapted, sourceClasses, source, embedding));
            }

            @Override
            public void scratchScored(String label, List<String> classes, double[] scratch) {
                ls.forEach(l -> l.scratchScored(label, classes, scratch));
            }

            @Override
            public void flushed(Trainer.Flush flush, long version) {
                ls.forEach(l -> l.flushed(flush, version));
            }

            @Override
            public void buffered(int events) {
                ls.forEach(l -> l.buffered(events));
            }

            @Override
            public void waiting(long events) {
                ls.forEach(l -> l.waiting(events));
            }
        };
    }

    /** Hears only flushes. */
    static TrainingListener onFlush(BiConsumer<Trainer.Flush, Long> action) {
        return new TrainingListener() {
            @Override
            public void scored(String label, List<String> classes, double[] adapted, List<String> sourceClasses, double[] source,
                               float[] embedding) {
            }

            @Override
            public void flushed(Trainer.Flush flush, long version) {
                action.accept(flush, version);
            }

            @Override
            public void buffered(int events) {
            }
        };
    }

    TrainingListener NONE = new TrainingListener() {
        @Override
        public void scored(String label, List<String> classes, double[] adapted, List<String> sourceClasses, double[] source, float[] embedding) {
        }

        @Override
        public void flushed(Trainer.Flush flush, long version) {
        }

        @Override
        public void buffered(int events) {
        }
    };
}
