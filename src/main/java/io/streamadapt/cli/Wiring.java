package io.streamadapt.cli;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.dl4j.KerasSidecar;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.ModelMetadata;
import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.SourceModel;
import io.streamadapt.adapt.Strategy;
import io.streamadapt.adapt.dl4j.Dl4jFineTuner;
import io.streamadapt.adapt.dl4j.Dl4jModelCodec;
import io.streamadapt.adapt.dl4j.Dl4jPretrainer;
import io.streamadapt.adapt.dl4j.KerasImport;
import io.streamadapt.adapt.dl4j.NativeThreads;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.labelshift.Priors;
import io.streamadapt.model.SourceModels;
import io.streamadapt.service.StreamAdaptService;
import io.streamadapt.service.TrainingSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Constructs the concrete parts (the DL4J adapter) and hands them to the service; the one place that knows them all. */
final class Wiring {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

    private Wiring() {
    }

    static final ModelCodec CODEC = new Dl4jModelCodec();

    /** Applies {@code native.threads} before any ND4J work of this process (see {@link NativeThreads}). */
    static void limitNativeThreads(Config config) {
        NativeThreads.limit(config.get(Settings.NATIVE_THREADS));
    }

    /** The source model: from {@code model.path} when set, else the scenario's cached (or freshly pretrained) model. */
    static SourceModel sourceModel(Config config, Scenario scenario) {
        String path = config.get(Settings.MODEL_PATH);
        long seed = config.get(Settings.SEED);
        PretrainParams params = PretrainParams.defaultsFor(scenario.featureCount(), seed);
        Path file = path.isBlank() ? SourceModels.defaultCacheFile(scenario, seed) : Path.of(path);
        if (!path.isBlank() && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model.path " + file + " does not exist (create it with: pretrain --output " + file + ")");
        }
        if (KerasSidecar.isKerasFile(file)) {
            // a model brought from elsewhere is judged like a pretrained one, but never replaced by pretraining
            Classifier model = loadKeras(file);
            if (model.inputSize() != scenario.featureCount() || !model.classes().equals(scenario.classes())) {
                throw new IllegalArgumentException(file + " takes " + model.inputSize() + " features and predicts " + model.classes()
                        + ", but scenario " + scenario.name() + " has " + scenario.featureCount() + " features and classes " + scenario.classes());
            }
            return SourceModels.judge(model, scenario, params);
        }
        return SourceModels.loadOrPretrain(file, scenario, params, new Dl4jPretrainer(new ConsoleProgress()), CODEC);
    }

    /**
     * The data a model file was pretrained on, when {@code joint} would replay it and the configured scenario is that
     * data (the name {@code pretrain} records in the model's provenance); empty otherwise, so a model brought from
     * elsewhere never gets a source head trained on data it did not learn from.
     */
    static Optional<Dataset> replayableSourceData(Config config, Classifier model, Supplier<Scenario> scenario) {
        String trainedOn = model.metadata().provenance().get(ModelMetadata.SOURCE_DATA);
        if (!Strategy.JOINT.id().equals(config.get(Settings.STRATEGY)) || trainedOn == null) {
            return Optional.empty();
        }
        Dataset data = scenario.get().source();
        return trainedOn.equals(data.name()) ? Optional.of(data) : Optional.empty();
    }

    /** A model file: StreamAdapt's own format, or a Keras HDF5 model with its JSON sidecar. */
    static Classifier loadModel(Path file) throws IOException {
        return KerasSidecar.isKerasFile(file) ? loadKeras(file) : CODEC.load(Files.readAllBytes(file));
    }

    private static Classifier loadKeras(Path file) {
        try {
            return KerasImport.load(file, KerasSidecar.read(KerasSidecar.pathFor(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Keras model " + file + ": " + e.getMessage(), e);
        }
    }

    /** Source data is only replayed by the joint strategy. */
    static StreamAdaptService start(Config config, Classifier source, Dataset sourceData) throws IOException, InterruptedException {
        FineTuneParams params = TrainingSetup.fineTuneParams(config);
        if (params.strategy() == Strategy.JOINT && sourceData == null) {
            LOG.info("finetune.strategy=joint replays the source model's training data, and none is given (a model file "
                    + "alone): every step fine-tunes all layers (full)");
        }
        Dl4jFineTuner tuner = sourceData == null
                ? new Dl4jFineTuner(params, new float[0][], new int[0], source.classes())
                : new Dl4jFineTuner(params, sourceData.features(), sourceData.labels(), sourceData.classes());
        Map<String, Double> sourcePriors = sourceData == null ? null
                : Priors.toMap(sourceData.classes(), Priors.shares(sourceData.labels(), sourceData.classCount(), 1));
        return StreamAdaptService.start(config, source, sourcePriors, tuner, CODEC);
    }
}
