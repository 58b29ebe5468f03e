/**
 * Wiring and lifecycle of the running service: the full topology (a pure function of its parts), topic creation,
 * the model registry, Kafka Streams, HTTP and an orderly shutdown.
 */
package io.streamadapt.service;
