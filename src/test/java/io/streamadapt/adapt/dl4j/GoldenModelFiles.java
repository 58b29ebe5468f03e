package io.streamadapt.adapt.dl4j;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.Progress;
import io.streamadapt.contract.Json;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.data.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the golden files of {@link GoldenModelTest}: a small digits model and its probabilities on the first target
 * examples. Run it only when the model format changes on purpose:
 * {@code java -cp target/test-classes:target/classes:<classpath> io.streamadapt.adapt.dl4j.GoldenModelFiles src/test/resources/golden}.
 */
public final class GoldenModelFiles {
    static final int EXAMPLES = 20;

    private GoldenModelFiles() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Scenario s = Scenarios.load("digits", 42);
        Dataset source = s.source().subset(0, 2000);
        Classifier model = new Dl4jPretrainer(Progress.Factory.QUIET)
                .train(source, new PretrainParams(List.of(32, 16), 2, 64, 1e-3, 1e-4, 0.1, 7));
        Files.write(dir.resolve("digits-small.model"), new Dl4jModelCodec().save(model));
        float[][] x = s.target().subset(0, EXAMPLES).features();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("features", x);
        expected.put("probabilities", model.predictProba(x));
        expected.put("embeddings", model.embed(x));
        Files.write(dir.resolve("digits-small.expected.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(expected));
    }
}
