package io.streamadapt.cli;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.SourceModel;
import io.streamadapt.adapt.dl4j.Dl4jFineTuner;
import io.streamadapt.adapt.dl4j.Dl4jModelCodec;
import io.streamadapt.adapt.dl4j.Dl4jPretrainer;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.data.Dataset;
import io.streamadapt.labelshift.Priors;
import io.streamadapt.data.Scenario;
import io.streamadapt.service.StreamAdaptService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Constructs the concrete parts (the DL4J adapter) and hands them to the service; the one place that knows them all. */
final class Wiring {
    private Wiring() {
    }

    static final ModelCodec CODEC = new Dl4jModelCodec();

    /** The source model: from {@code model.path} when set, else the scenario's cached (or freshly pretrained) model. */
    static SourceModel sourceModel(Config config, Scenario scenario) {
        String path = config.get(Settings.MODEL_PATH);
        long seed = config.get(Settings.SEED);
        PretrainParams params = PretrainParams.defaultsFor(scenario.featureCount(), seed);
        Path file = path.isBlank() ? SourceModel.defaultCacheFile(cacheName(scenario), seed) : Path.of(path);
        if (!path.isBlank() && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model.path " + file + " does not exist (create it with: pretrain --output " + file + ")");
        }
        return SourceModel.loadOrPretrain(file, scenario, params, new Dl4jPretrainer(new ConsoleProgress()), CODEC);
    }

    /** Named scenarios are fixed; a custom one is cached under a fingerprint of its source data, so two CSVs never share a model. */
    static String cacheName(Scenario scenario) {
        if (!scenario.name().equals(io.streamadapt.data.Scenarios.CUSTOM)) return scenario.name();
        Dataset source = scenario.source();
        int fingerprint = 31 * java.util.Arrays.deepHashCode(source.features()) + java.util.Arrays.hashCode(source.labels());
        return scenario.name() + "-" + Integer.toHexString(fingerprint) + "-" + scenario.classes().hashCode();
    }

    static Classifier loadModel(Path file) throws IOException {
        return CODEC.load(Files.readAllBytes(file));
    }

    /** Source data is only replayed by the joint strategy. */
    static StreamAdaptService start(Config config, Classifier source, Dataset sourceData) throws IOException, InterruptedException {
        FineTuneParams params = FineTuneParams.from(config);
        Dl4jFineTuner tuner = sourceData == null
                ? new Dl4jFineTuner(params, new float[0][], new int[0], source.classes())
                : new Dl4jFineTuner(params, sourceData.features(), sourceData.labels(), sourceData.classes());
        Map<String, Double> sourcePriors = sourceData == null ? null
                : Priors.toMap(sourceData.classes(), Priors.shares(sourceData.labels(), sourceData.classCount(), 1));
        return StreamAdaptService.start(config, source, sourcePriors, tuner, CODEC);
    }
}
