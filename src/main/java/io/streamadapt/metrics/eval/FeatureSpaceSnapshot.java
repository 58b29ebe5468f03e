package io.streamadapt.metrics.eval;

/**
 * Class-separation statistics in a model's feature space; see {@link FeatureSpaceStats} for the
 * exact definitions. All three are NaN when fewer than two classes are present in the sample.
 *
 * @param meanClassMeanDistance mean Euclidean distance over all pairs of class means
 * @param intraClassVariance mean over classes of the mean squared distance to the class mean
 * @param interClassDistance mean over samples of the distance to the nearest other class mean
 */
public record FeatureSpaceSnapshot(
        double meanClassMeanDistance, double intraClassVariance, double interClassDistance) {

    /** The snapshot of a sample with fewer than two classes: every value NaN. */
    public static final FeatureSpaceSnapshot UNDEFINED =
            new FeatureSpaceSnapshot(Double.NaN, Double.NaN, Double.NaN);
}
