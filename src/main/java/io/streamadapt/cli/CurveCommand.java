package io.streamadapt.cli;

import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.Simulation;
import io.streamadapt.adapt.SourceModel;
import io.streamadapt.adapt.Strategy;
import io.streamadapt.adapt.dl4j.Dl4jFineTuner;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.report.LineChart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code curve}: measures learning curves of the fine-tuning strategies offline, with the service's own trainer. */
@Command(name = "curve", mixinStandardHelpOptions = true,
        description = "Measure the learning curve (held-out target accuracy after N labels) of each fine-tuning strategy, offline, with the same trainer, gate and reservoir as the service. Prints a table and writes a PNG chart.")
final class CurveCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions data = new ScenarioOptions();
    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Option(names = "--strategies", paramLabel = "STRATEGY", split = ",", defaultValue = "head,full,joint", description = "Strategies to compare. Default: ${DEFAULT-VALUE}")
    List<String> strategies;

    @Option(names = "--checkpoints", paramLabel = "N", split = ",", defaultValue = "50,100,200,500,1000", description = "Label counts at which accuracy is measured. Default: ${DEFAULT-VALUE}")
    int[] checkpoints;

    @Option(names = "--eval-fraction", paramLabel = "FRACTION", defaultValue = "0.3", description = "Share of the target data held out for evaluation. Default: ${DEFAULT-VALUE}")
    double evalFraction;

    @Option(names = "--png", paramLabel = "FILE", defaultValue = "learning-curve.png", description = "Chart file. Default: ${DEFAULT-VALUE}")
    Path png;

    @Mixin
    ReportOption report = new ReportOption();
    @Mixin
    ModelOption model = new ModelOption();
    @Mixin
    SeedOption seedOption = new SeedOption();

    @Override
    public Integer call() throws Exception {
        Config config = seedOption.apply(model.apply(configOptions.load()));
        long seed = config.get(Settings.SEED);
        Scenario scenario = data.load(seed);
        Dataset[] parts = scenario.target().split(evalFraction);
        Dataset eval = parts[0];
        Dataset stream = parts[1];
        SourceModel sm = Wiring.sourceModel(config, scenario);
        double sourceOnly = sm.model().accuracy(eval.features(), eval.labels());
        System.out.printf("%s: stream %d labels, eval %d, source-only accuracy %.4f%n", scenario.name(), stream.size(), eval.size(), sourceOnly);
        LineChart chart = new LineChart("Learning curve: " + scenario.name() + " (source-only " + String.format("%.3f", sourceOnly) + ")",
                "labelled target events", "held-out target accuracy");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", scenario.name());
        out.put("sourceOnlyAccuracy", sourceOnly);
        StringBuilder table = new StringBuilder(String.format("%-8s", "labels"));
        for (int c : checkpoints) table.append(String.format("%8d", c));
        table.append(String.format("%10s%10s%8s%n", "accepted", "rejected", "sec"));
        for (String s : strategies) {
            FineTuneParams params = FineTuneParams.from(config).withStrategy(Strategy.parse(s));
            Dl4jFineTuner tuner = new Dl4jFineTuner(params, scenario.source().features(), scenario.source().labels(), scenario.classes());
            Simulation.Result r = Simulation.run(sm.model(), tuner, stream, eval, config.get(Settings.BATCH_SIZE),
                    config.get(Settings.REHEARSAL_SIZE), config.get(Settings.GATE_HOLDOUT), config.get(Settings.GATE_MARGIN), seed, checkpoints);
            List<double[]> points = new ArrayList<>();
            table.append(String.format("%-8s", s));
            Map<String, Double> curve = new LinkedHashMap<>();
            for (Simulation.Point p : r.curve()) {
                points.add(new double[]{p.labels(), p.accuracy()});
                table.append(String.format("%8.4f", p.accuracy()));
                curve.put(Integer.toString(p.labels()), p.accuracy());
            }
            table.append(String.format("%10d%10d%8.1f%n", r.accepted(), r.rejected(), r.seconds()));
            chart.add(s, points);
            out.put(s, Map.of("curve", curve, "accepted", r.accepted(), "rejected", r.rejected(), "seconds", r.seconds(), "params", params.asMap()));
            System.out.printf("  %s done in %.1f s%n", s, r.seconds());
        }
        System.out.print(table);
        chart.writePng(png, true);
        System.out.println("Chart written to " + png);
        report.write(out);
        return 0;
    }
}
