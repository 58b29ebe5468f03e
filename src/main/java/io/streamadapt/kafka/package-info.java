/**
 * Kafka plumbing shared by every part: the topic catalogue, topic creation, client settings, the embedded broker, and
 * the generic follower of a compacted topic ({@link io.streamadapt.kafka.CompactedTopicFollower}).
 */
package io.streamadapt.kafka;
