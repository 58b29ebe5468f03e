package io.streamadapt.kafka;

import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client settings built from the config: the pass-through {@code kafka.*} keys plus what each client needs. */
public final class KafkaProps {
    private KafkaProps() {
    }

    public static Map<String, Object> admin(Config config) {
        return new HashMap<>(config.kafkaClientProperties());
    }

    public static Map<String, Object> producer(Config config) {
        Map<String, Object> m = new HashMap<>(config.kafkaClientProperties());
        m.putIfAbsent(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        m.putIfAbsent(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        m.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.get(Settings.MODEL_MAX_BYTES));
        m.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return m;
    }

    /** A read-committed consumer with a throw-away group, for followers that read a topic from the start. */
    public static Map<String, Object> follower(Config config, String purpose) {
        Map<String, Object> m = new HashMap<>(config.kafkaClientProperties());
        m.put(ConsumerConfig.GROUP_ID_CONFIG, config.get(Settings.APPLICATION_ID) + "-" + purpose + "-" + UUID.randomUUID());
        m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        m.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        m.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        m.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.get(Settings.MODEL_MAX_BYTES));
        m.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.get(Settings.MODEL_MAX_BYTES));
        return m;
    }

    public static Map<String, Object> stringProducer(Config config) {
        Map<String, Object> m = producer(config);
        m.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return m;
    }
}
