package io.streamadapt.cli;

import io.streamadapt.adapt.PretrainParams;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.adapt.SourceModel;
import io.streamadapt.adapt.dl4j.Dl4jModelCodec;
import io.streamadapt.adapt.dl4j.Dl4jPretrainer;
import io.streamadapt.data.Scenario;
import io.streamadapt.model.SourceModels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pretrain}: trains and saves the source model of a scenario or a pair of CSV files. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Train the source model (version 0) on the scenario's source data, report held-out source accuracy and source-only target accuracy, and save it with its metadata.")
final class PretrainCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions data = new ScenarioOptions();

    @Option(names = "--output", paramLabel = "FILE", description = "Where to save the model. Default: the cache that demo uses (~/.streamadapt/models/<scenario>-seed<seed>.model)")
    Path output;

    @Mixin
    ReportOption report = new ReportOption();

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default depends on the input size: 15 for small inputs, 12 for images)")
    Integer epochs;

    @Mixin
    SeedOption seedOption = new SeedOption();

    @Override
    public Integer call() throws Exception {
        // pretrain reads no config file and no --set: the seed comes from --seed, STREAMADAPT_SEED or the default, the
        // native threads from STREAMADAPT_NATIVE_THREADS
        Config config = seedOption.apply(Config.load(null, System.getenv(), Map.of()));
        Wiring.limitNativeThreads(config);
        long seed = config.get(Settings.SEED);
        Scenario scenario = data.load(seed);
        PretrainParams params = PretrainParams.defaultsFor(scenario.featureCount(), seed);
        if (epochs != null) {
            params = params.withEpochs(epochs);
        }
        System.out.printf("Scenario %s: %s%n  source %d examples, target %d examples, %d features, %d classes%n",
                scenario.name(), scenario.description(), scenario.source().size(), scenario.target().size(),
                scenario.featureCount(), scenario.classes().size());
        SourceModel sm = SourceModels.pretrain(scenario, params, new Dl4jPretrainer(new ConsoleProgress()));
        Path file = output != null ? output : SourceModels.defaultCacheFile(scenario, seed);
        SourceModels.save(file, sm.model(), new Dl4jModelCodec());
        System.out.printf("Source held-out accuracy : %.4f (%d examples)%n", sm.sourceHoldoutAccuracy(), sm.sourceHoldoutExamples());
        System.out.printf("Target accuracy (source-only): %.4f (%d examples)%n", sm.targetAccuracy(), sm.targetExamples());
        System.out.printf("Trained in %.1f s; saved to %s%n", sm.trainSeconds(), file);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", scenario.name());
        r.put("sourceHoldoutAccuracy", sm.sourceHoldoutAccuracy());
        r.put("targetAccuracy", sm.targetAccuracy());
        r.put("sourceTrainExamples", sm.sourceTrainExamples());
        r.put("sourceHoldoutExamples", sm.sourceHoldoutExamples());
        r.put("targetExamples", sm.targetExamples());
        r.put("trainSeconds", sm.trainSeconds());
        r.put("model", file.toAbsolutePath().toString());
        r.put("hyperParameters", params.asMap());
        report.write(r);
        return 0;
    }
}
