/**
 * The last stage: it observes the others. Micrometer meters, one
 * {@link io.micrometer.core.instrument.binder.MeterBinder} per stage (ingest, training, serving), each also the listener
 * of its stage. A binder holds no figures of its own: what it is told goes to an evaluator in {@code metrics.eval}, and
 * its meters read that evaluator's snapshot ({@code TrainingMetrics} binds the evaluation gauges through
 * {@code PrequentialMetrics}).
 */
package io.streamadapt.metrics;
