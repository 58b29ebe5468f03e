package io.streamadapt.adapt;

import java.util.List;

/**
 * A trained model as the service sees it: fixed input size, ordered class names, class probabilities and the
 * penultimate-layer embedding used by the feature-space metrics. Implementations are safe to call from several threads.
 */
public interface Classifier {
    /** Features per input row, as the metadata records it. */
    default int inputSize() {
        return metadata().inputSize();
    }

    /** Ordered class names, as the metadata records them. */
    default List<String> classes() {
        return metadata().classes();
    }

    /** Class probabilities, one row per input row, columns in {@link #classes()} order. */
    double[][] predictProba(float[][] features);

    /** Activations of the last hidden layer, one row per input row. */
    float[][] embed(float[][] features);

    /** Metadata recorded with the model: normalisation, architecture, hyper-parameters, data provenance. */
    ModelMetadata metadata();

    /**
     * This model for scoring only, with the same answers: an implementation may return a faster copy that cannot be
     * fine-tuned or saved. Serving calls it once per loaded version.
     */
    default Classifier forInference() {
        return this;
    }

    /** Index of the largest probability in each row; see {@link Probabilities#argmax(double[][])}. */
    static int[] argmax(double[][] probabilities) {
        return Probabilities.argmax(probabilities);
    }

    /** Fraction of rows whose most probable class is the given label index. */
    default double accuracy(float[][] features, int[] labels) {
        if (features.length == 0) {
            return Double.NaN;
        }
        int[] pred = argmax(predictProba(features));
        int hit = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == labels[i]) {
                hit++;
            }
        }
        return Probabilities.accuracy(hit, pred.length);
    }
}
