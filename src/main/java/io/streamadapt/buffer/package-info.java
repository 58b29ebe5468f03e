/**
 * The training flow inside Kafka Streams: the single trainer task scores each labelled event first (prequential), keeps
 * it in a changelogged state store, and flushes micro-batches by count or, through a wall-clock punctuator, by age.
 */
package io.streamadapt.buffer;
