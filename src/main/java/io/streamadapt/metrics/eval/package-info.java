/**
 * Streaming evaluation metrics, free of Kafka, DL4J and Micrometer so they can be unit-tested on
 * hand-worked cases and reused by any binder.
 *
 * <ul>
 *   <li>{@link io.streamadapt.metrics.eval.ClassificationMetrics}: pure functions (accuracy, Wilson
 *       interval, macro F1, macro one-vs-rest AUC, cross-entropy, label share, per-class recall).
 *   <li>{@link io.streamadapt.metrics.eval.PrequentialWindow}: a thread-safe sliding window over the
 *       last N scored labelled events, summarised as an
 *       {@link io.streamadapt.metrics.eval.EvaluationSnapshot}.
 *   <li>{@link io.streamadapt.metrics.eval.FeatureSpaceStats} and
 *       {@link io.streamadapt.metrics.eval.FeatureSpaceWindow}: class-separation statistics in the
 *       model's feature space (penultimate-layer activations).
 *   <li>{@link io.streamadapt.metrics.eval.EventRate}: events per second over a sliding window of seconds (the
 *       trainer's throughput).
 * </ul>
 *
 * <p>Prequential means each labelled event is scored by the model <em>before</em> the model learns
 * from it, so the window measures performance on data the model has not yet seen.
 *
 * <p>Class indices are positions in the model's ordered class list. Undefined values (an empty
 * window, a metric with no eligible class) are {@link Double#NaN}, which Prometheus exports as
 * {@code NaN} rather than a misleading zero.
 */
package io.streamadapt.metrics.eval;
