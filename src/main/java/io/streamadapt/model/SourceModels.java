package io.streamadapt.model;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.ModelCodec;
import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.adapt.Pretrainer;
import io.streamadapt.adapt.SourceModel;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scenario's source model (version 0): pretrained on a fixed split of the source data, judged on the held-out part and
 * on the target, and cached in a file so repeated demos start in seconds. Kept out of the adaptation core, which knows
 * neither scenarios nor files.
 */
public final class SourceModels {
    private static final Logger LOG = LoggerFactory.getLogger(SourceModels.class);

    private SourceModels() {
    }

    /** Splits the source data, trains on the first part and evaluates on the rest and on the target. */
    public static SourceModel pretrain(Scenario scenario, PretrainParams params, Pretrainer pretrainer) {
        Dataset[] parts = sourceSplit(scenario, params);
        long t0 = System.nanoTime();
        Classifier model = pretrainer.train(parts[0].withName(scenario.source().name()), params);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return evaluate(model, scenario, parts, seconds, false);
    }

    /**
     * Judges a model made elsewhere (for example imported from Keras) on the same held-out source part and target
     * data as a pretrained one.
     */
    public static SourceModel judge(Classifier model, Scenario scenario, PretrainParams params) {
        return evaluate(model, scenario, sourceSplit(scenario, params), 0, false);
    }

    /** Training and held-out parts of the source data, the same for every model of a scenario and seed. */
    private static Dataset[] sourceSplit(Scenario scenario, PretrainParams params) {
        return scenario.source().shuffled(params.seed()).split(1 - params.holdoutFraction());
    }

    private static SourceModel evaluate(Classifier model, Scenario scenario, Dataset[] parts, double seconds, boolean cached) {
        Dataset target = scenario.target();
        return new SourceModel(model, model.accuracy(parts[1].features(), parts[1].labels()),
                model.accuracy(target.features(), target.labels()), parts[0].size(), parts[1].size(), target.size(), seconds, cached);
    }

    /**
     * Loads the model cached at {@code file} when it exists and fits the scenario, otherwise pretrains and caches it.
     * The cache makes repeated demos start in seconds.
     */
    public static SourceModel loadOrPretrain(Path file, Scenario scenario, PretrainParams params, Pretrainer pretrainer,
                                             ModelCodec codec) {
        if (Files.isRegularFile(file)) {
            try {
                Classifier model = codec.load(Files.readAllBytes(file));
                if (model.inputSize() == scenario.featureCount() && model.classes().equals(scenario.classes())) {
                    LOG.info("Loaded cached source model {}", file);
                    return evaluate(model, scenario, sourceSplit(scenario, params), 0, true);
                }
                LOG.warn("Cached model {} does not fit scenario {}; pretraining again", file, scenario.name());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cached model {} cannot be read ({}); pretraining again", file, e.getMessage());
            }
        }
        SourceModel trained = pretrain(scenario, params, pretrainer);
        save(file, trained.model(), codec);
        return trained;
    }

    /** Writes atomically, so a crash never leaves half a model where the cache expects a whole one. */
    public static void save(Path file, Classifier model, ModelCodec codec) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.write(tmp, codec.save(model));
            try {
                // temp files are owner-only; a model is read by other users (e.g. a container's service user)
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save model to " + file, e);
        }
    }

    /**
     * Default cache file of a scenario's source model. The name carries a fingerprint of the source data, so two CSVs
     * never share a model and a model pretrained on an earlier mapping of a named scenario is never served for the
     * current one.
     */
    public static Path defaultCacheFile(Scenario scenario, long seed) {
        Dataset source = scenario.source();
        int fingerprint = 31 * Arrays.deepHashCode(source.features()) + Arrays.hashCode(source.labels());
        String name = scenario.name() + "-" + Integer.toHexString(fingerprint) + "-" + scenario.classes().hashCode();
        return Path.of(System.getProperty("user.home"), ".streamadapt", "models", name + "-seed" + seed + ".model");
    }
}
