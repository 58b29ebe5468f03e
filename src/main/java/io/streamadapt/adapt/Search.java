package io.streamadapt.adapt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hyper-parameters chosen in the stream. For the {@link Strategy#AUTO} strategy each flush trains a small population
 * around the settings that won last time (read back from the current model's recorded hyper-parameters, so a restarted
 * trainer continues the search where it was): the same settings, the learning rate three times higher and three times
 * lower (within a factor of ten of the configured rate), and the other of {@code head} and {@code full}. A fixed strategy
 * trains just its own settings.
 */
public final class Search {
    /** The search stays within this factor of the configured learning rate either way, so a run of noisy wins cannot walk it off. */
    static final double LEARNING_RATE_RANGE = 10;
    private final FineTuneParams defaults;
    private final int population;

    public Search(FineTuneParams defaults, int population) {
        if (population < 1) {
            throw new IllegalArgumentException("population must be at least 1");
        }
        this.defaults = defaults;
        this.population = population;
    }

    public FineTuneParams defaults() {
        return defaults;
    }

    /** The candidates' settings for a step from {@code current}; the first is the centre of the search. */
    public List<FineTuneParams> population(Classifier current) {
        if (defaults.strategy() != Strategy.AUTO) {
            return List.of(defaults);
        }
        FineTuneParams centre = centre(current.metadata().hyperParameters());
        List<FineTuneParams> out = new ArrayList<>();
        out.add(centre);
        out.add(centre.withLearningRate(clamp(centre.learningRate() * 3)));
        out.add(centre.withLearningRate(clamp(centre.learningRate() / 3)));
        out.add(centre.withStrategy(centre.strategy() == Strategy.HEAD ? Strategy.FULL : Strategy.HEAD));
        return List.copyOf(out.subList(0, Math.min(population, out.size())));
    }

    /** The strategy and learning rate the current model was fine-tuned with (head or full), else the defaults on {@code full}. */
    FineTuneParams centre(Map<String, String> lastWinner) {
        FineTuneParams base = defaults.withStrategy(Strategy.FULL);
        String strategy = lastWinner.get("strategy");
        String rate = lastWinner.get("learningRate");
        if (strategy == null || rate == null) {
            return base;
        }
        try {
            Strategy s = Strategy.parse(strategy);
            if (s != Strategy.HEAD && s != Strategy.FULL) {
                return base;
            }
            return base.withStrategy(s).withLearningRate(clamp(Double.parseDouble(rate)));
        } catch (IllegalArgumentException e) {
            return base;
        }
    }

    private double clamp(double lr) {
        double configured = defaults.learningRate();
        return Math.max(configured / LEARNING_RATE_RANGE, Math.min(configured * LEARNING_RATE_RANGE, lr));
    }
}
