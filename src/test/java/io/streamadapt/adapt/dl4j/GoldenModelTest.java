package io.streamadapt.adapt.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.contract.Json;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model saved by an earlier build must still load and give the same answers. */
class GoldenModelTest {
    private static byte[] resource(String name) throws Exception {
        try (InputStream in = GoldenModelTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void goldenModelStillLoadsWithItsMetadata() throws Exception {
        Classifier model = new Dl4jModelCodec().load(resource("digits-small.model"));
        assertThat(model.inputSize()).isEqualTo(64);
        assertThat(model.classes()).isEqualTo(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        assertThat(model.metadata().hiddenLayers()).containsExactly(32, 16);
        assertThat(model.metadata().hyperParameters()).containsEntry("epochs", "2");
        assertThat(model.metadata().provenance()).containsKeys("sourceData", "createdAt");
    }

    @Test
    void goldenModelPredictsExactlyWhatItPredictedWhenSaved() throws Exception {
        Classifier model = new Dl4jModelCodec().load(resource("digits-small.model"));
        JsonNode expected = Json.MAPPER.readTree(resource("digits-small.expected.json"));
        float[][] x = Json.MAPPER.treeToValue(expected.get("features"), float[][].class);
        double[][] p = Json.MAPPER.treeToValue(expected.get("probabilities"), double[][].class);
        float[][] e = Json.MAPPER.treeToValue(expected.get("embeddings"), float[][].class);
        assertThat(x).hasNumberOfRows(GoldenModelFiles.EXAMPLES);
        double[][] now = model.predictProba(x);
        float[][] embedNow = model.embed(x);
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < p[i].length; k++) assertThat(now[i][k]).isCloseTo(p[i][k], within(1e-6));
            for (int k = 0; k < e[i].length; k++) assertThat(embedNow[i][k]).isCloseTo(e[i][k], within(1e-5f));
        }
    }

    @Test
    void savingAndLoadingAgainGivesIdenticalPredictions() throws Exception {
        Dl4jModelCodec codec = new Dl4jModelCodec();
        Classifier model = codec.load(resource("digits-small.model"));
        Classifier again = codec.load(codec.save(model));
        float[][] x = Json.MAPPER.treeToValue(Json.MAPPER.readTree(resource("digits-small.expected.json")).get("features"), float[][].class);
        assertThat(again.predictProba(x)).isDeepEqualTo(model.predictProba(x));
        assertThat(again.metadata().classes()).isEqualTo(model.metadata().classes());
    }
}
