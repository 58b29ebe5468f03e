/**
 * Micrometer meters, one {@link io.micrometer.core.instrument.binder.MeterBinder} per stage (ingest, training, serving),
 * each also the listener of its stage; the windowed evaluation maths lives in {@code metrics.eval}.
 */
package io.streamadapt.metrics;
