/** Kafka plumbing shared by every part: the topic catalogue, topic creation, client settings and the embedded broker. */
package io.streamadapt.kafka;
