/**
 * The {@code bench} command's measurements: StreamAdapt's serving against a plain Kafka Streams passthrough on the same
 * broker (saturation and latency at a fixed rate), the trainer's throughput under a backlog against a raw fit, and the
 * time from a labelled event to the first live version that learned it.
 */
package io.streamadapt.bench;
