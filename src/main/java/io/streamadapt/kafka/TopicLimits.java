package io.streamadapt.kafka;

import io.streamadapt.config.Config;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The largest record each written topic accepts, as the broker reports it ({@code max.message.bytes}, topic override or
 * broker default). Read once at start-up, so dead letters can be cut to fit and the limits checked before anything is
 * produced: under exactly-once a single record the broker refuses aborts the whole transaction, again at every retry.
 */
public record TopicLimits(int dlq, int training, int predictions, int models) {

    public static TopicLimits read(Config config, Topics topics) {
        List<String> names = List.of(topics.dlq().name(), topics.training().name(), topics.predictions().name(), topics.models().name());
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        try (Admin admin = Admin.create(KafkaProps.admin(config))) {
            Map<String, Integer> limits = admin.describeConfigs(resources).all().get().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().name(), e -> maxMessageBytes(e.getValue().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG))));
            Function<String, Integer> of = limits::get;
            return new TopicLimits(of.apply(names.get(0)), of.apply(names.get(1)), of.apply(names.get(2)), of.apply(names.get(3)));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the max.message.bytes of " + names + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading topic limits", e);
        }
    }

    private static int maxMessageBytes(ConfigEntry entry) {
        if (entry == null || entry.value() == null) {
            throw new IllegalStateException("the broker did not report max.message.bytes");
        }
        return Integer.parseInt(entry.value());
    }
}
