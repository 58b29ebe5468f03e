package io.streamadapt.cli;

import io.streamadapt.adapt.AdaptationStep;
import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.NaiveBayesBaseline;
import io.streamadapt.adapt.OfflineBaseline;
import io.streamadapt.adapt.Simulation;
import io.streamadapt.adapt.SourceModel;
import io.streamadapt.adapt.Strategy;
import io.streamadapt.adapt.dl4j.Dl4jFineTuner;
import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import io.streamadapt.data.Dataset;
import io.streamadapt.data.Scenario;
import io.streamadapt.report.LineChart;
import io.streamadapt.service.TrainingSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code curve}: learning curves of the fine-tuning strategies, offline, with the service's own trainer, next to two
 * baselines on the same events: {@code scratch} (the same architecture from random weights, same trainer) and
 * {@code offline} (the source model fine-tuned to convergence on the first k labels, as in a notebook), plus a classic
 * streaming learner, {@code bayes} (Gaussian naive Bayes on the first k labels).
 */
@Command(name = "curve", mixinStandardHelpOptions = true,
        description = "Measure the learning curve (held-out target accuracy after N labels) of each fine-tuning strategy, offline, with the same trainer, gate and reservoir as the service, against a scratch model and an offline fine-tune on the same events. Prints a table and writes a PNG chart.")
final class CurveCommand implements Callable<Integer> {
    static final String SCRATCH = "scratch";
    static final String OFFLINE = "offline";
    static final String BAYES = "bayes";

    @Mixin
    ScenarioOptions data = new ScenarioOptions();
    @Mixin
    ModelRunOptions run = new ModelRunOptions();

    @Option(names = "--strategies", paramLabel = "STRATEGY", split = ",", defaultValue = "auto,full,head,joint", description = "Strategies to compare. Default: ${DEFAULT-VALUE}")
    List<String> strategies;

    @Option(names = "--baselines", negatable = true, defaultValue = "true", description = "Also run the scratch, offline and bayes baselines. Default: ${DEFAULT-VALUE}")
    boolean baselines;

    @Option(names = "--checkpoints", paramLabel = "N", split = ",", defaultValue = "50,100,200,500,1000", description = "Label counts at which accuracy is measured. Default: ${DEFAULT-VALUE}")
    int[] checkpoints;

    @Option(names = "--eval-fraction", paramLabel = "FRACTION", defaultValue = "0.3", description = "Share of the target data held out for evaluation. Default: ${DEFAULT-VALUE}")
    double evalFraction;

    @Option(names = "--png", paramLabel = "FILE", defaultValue = "learning-curve.png", description = "Chart file. Default: ${DEFAULT-VALUE}")
    Path png;

    @Mixin
    ReportOption report = new ReportOption();

    @Override
    public Integer call() throws Exception {
        Config config = run.load();
        Wiring.limitNativeThreads(config);
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
        out.put("defaultStrategy", config.get(Settings.STRATEGY));
        StringBuilder table = new StringBuilder(String.format("%-8s", "labels"));
        for (int c : checkpoints) {
            table.append(String.format("%8d", c));
        }
        table.append(String.format("%10s%10s%9s%8s%n", "accepted", "rejected", "scratch", "sec"));
        long started = System.nanoTime();
        FineTuneParams defaults = TrainingSetup.fineTuneParams(config);
        Dl4jFineTuner tuner = new Dl4jFineTuner(defaults, scenario.source().features(), scenario.source().labels(), scenario.classes());
        // The strategy rows run with the negative-transfer guard, as the service does; fine-tuning never changes this start.
        Classifier scratchStart = TrainingSetup.scratchStart(config, tuner, sm.model());
        for (String s : strategies) {
            FineTuneParams params = defaults.withStrategy(Strategy.parse(s));
            Simulation.Result r = Simulation.run(sm.model(), scratchStart, TrainingSetup.step(config, tuner, params),
                    TrainingSetup.settings(config), stream, eval, checkpoints);
            Map<String, Object> m = row(s, r.curve(), table, chart, out, r);
            m.put("params", params.asMap());
            if (params.strategy() == Strategy.AUTO) {
                m.put("lastPopulation", trialsOf(r.lastTrials()));
            }
            System.out.printf("  %s done in %.1f s: %s%n", s, r.seconds(), m.get("curve"));
        }
        if (baselines) {
            // Scratch: the same trainer from random weights, without a shadow of its own (it is the shadow).
            FineTuneParams scratchParams = defaults.strategy() == Strategy.AUTO ? defaults : defaults.withStrategy(Strategy.FULL);
            Classifier randomStart = tuner.fresh(sm.model(), seed ^ 0x5C2A7C4L);
            Simulation.Result r = Simulation.run(randomStart, null, TrainingSetup.step(config, tuner, scratchParams),
                    TrainingSetup.settings(config), stream, eval, checkpoints);
            System.out.printf("  %s done in %.1f s: %s%n", SCRATCH, r.seconds(), row(SCRATCH, r.curve(), table, chart, out, r).get("curve"));
            long t0 = System.nanoTime();
            List<Simulation.Point> offline = OfflineBaseline.run(sm.model(), tuner, defaults, stream, eval, checkpoints);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> m = row(OFFLINE, offline, table, chart, out, null);
            m.put("seconds", seconds);
            System.out.printf("  %s done in %.1f s: %s%n", OFFLINE, seconds, m.get("curve"));
            row(BAYES, NaiveBayesBaseline.run(stream, eval, checkpoints), table, chart, out, null);
        }
        out.put("seconds", (System.nanoTime() - started) / 1e9);
        System.out.print(table);
        System.out.printf("curve took %.1f s; default strategy: %s%n", (System.nanoTime() - started) / 1e9, config.get(Settings.STRATEGY));
        chart.writePng(png, true);
        System.out.println("Chart written to " + png);
        report.write(out);
        return 0;
    }

    private static Map<String, Object> row(String name, List<Simulation.Point> curvePoints, StringBuilder table, LineChart chart, Map<String, Object> out,
                            Simulation.Result r) {
        List<double[]> points = new ArrayList<>();
        table.append(String.format("%-8s", name));
        Map<String, Double> curve = new LinkedHashMap<>();
        for (Simulation.Point p : curvePoints) {
            points.add(new double[]{p.labels(), p.accuracy()});
            table.append(String.format("%8.4f", p.accuracy()));
            curve.put(Integer.toString(p.labels()), p.accuracy());
        }
        chart.add(name, points);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("curve", curve);
        if (r != null) {
            table.append(String.format("%10d%10d%9d%8.1f", r.accepted(), r.rejected(), r.scratchPublished(), r.seconds()));
            m.put("accepted", r.accepted());
            m.put("rejected", r.rejected());
            m.put("scratchPublished", r.scratchPublished());
            m.put("seconds", r.seconds());
        }
        table.append(System.lineSeparator());
        out.put(name, m);
        return m;
    }

    private static List<Map<String, Object>> trialsOf(List<AdaptationStep.Trial> trials) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AdaptationStep.Trial t : trials) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("strategy", t.params().strategy().id());
            m.put("learningRate", t.params().learningRate());
            m.put("validationAccuracy", t.validationAccuracy());
            m.put("epochsRun", t.epochsRun());
            out.add(m);
        }
        return out;
    }
}
