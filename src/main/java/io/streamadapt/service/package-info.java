/**
 * Wiring and lifecycle of the running service: topic creation, then {@link io.streamadapt.service.ModelBootstrap} (the
 * models topic followed and version 0 served), {@link io.streamadapt.service.ServiceMeters}, the two Kafka Streams
 * clients of {@link io.streamadapt.service.StreamsClients} (topologies built by pure functions of their parts), HTTP,
 * and an orderly shutdown. Configuration becomes the adaptation core's parameters here ({@code TrainingSetup}).
 */
package io.streamadapt.service;
