/**
 * The training stage, second in the flow after ingest: the single trainer task scores each labelled event first
 * (prequential), keeps it in a changelogged state store, flushes micro-batches by count or, through a wall-clock
 * punctuator, by age, and publishes the versions the gate accepts. It hands versions to serving only through
 * {@code io.streamadapt.model}.
 */
package io.streamadapt.training;
