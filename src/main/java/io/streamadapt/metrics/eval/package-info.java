/**
 * Streaming evaluation metrics, free of Kafka, DL4J and Micrometer so they can be unit-tested on
 * hand-worked cases and reused by any binder.
 *
 * <ul>
 *   <li>{@link io.streamadapt.metrics.eval.ClassificationMetrics}: pure functions (accuracy, Wilson
 *       interval, macro F1, macro one-vs-rest AUC, cross-entropy, label share, per-class recall);
 *       arg-max, accuracy and cross-entropy themselves are {@link io.streamadapt.adapt.Probabilities},
 *       shared with the gate and serving.
 *   <li>{@link io.streamadapt.metrics.eval.SlidingWindow}: the one thread-safe windowed buffer with a
 *       cached summary, under {@link io.streamadapt.metrics.eval.PrequentialWindow} (scored labelled
 *       events, summarised as an {@link io.streamadapt.metrics.eval.EvaluationSnapshot}),
 *       {@link io.streamadapt.metrics.eval.FeatureSpaceWindow} (embeddings, summarised by
 *       {@link io.streamadapt.metrics.eval.FeatureSpaceStats}) and
 *       {@link io.streamadapt.metrics.eval.CalibrationWindow} (expected calibration error).
 *   <li>Evaluators, shaped like Tribuo's {@code OnlineEvaluator}: they are told what happened and
 *       answer with typed snapshots. {@link io.streamadapt.metrics.eval.PrequentialEvaluator} scores
 *       the adapted, source and scratch model; {@link io.streamadapt.metrics.eval.TrainerProgress}
 *       counts versions published and candidates rejected. The Micrometer binders in
 *       {@code io.streamadapt.metrics} only register meters over them.
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
