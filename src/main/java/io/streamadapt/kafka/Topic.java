package io.streamadapt.kafka;

import org.apache.kafka.common.serialization.Serde;

/** A topic name together with the serdes of its keys and values, so producers and topologies cannot disagree. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
