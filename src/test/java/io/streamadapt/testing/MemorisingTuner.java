package io.streamadapt.testing;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.adapt.Examples;
import io.streamadapt.adapt.FineTuneParams;
import io.streamadapt.adapt.FineTuner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuner for trainer tests without DL4J: a candidate remembers the label of every training example by id (see
 * {@link TableClassifier}) and records the settings it was trained with; a fresh model answers {@code freshAnswer}.
 */
public final class MemorisingTuner implements FineTuner {
    private final int freshAnswer;
    public final List<FineTuneParams> calls = new ArrayList<>();

    public MemorisingTuner(int freshAnswer) {
        this.freshAnswer = freshAnswer;
    }

    @Override
    public Classifier fineTune(Examples train, Examples validation, Classifier current, FineTuneParams params) {
        calls.add(params);
        TableClassifier c = (TableClassifier) current;
        Map<Integer, Integer> learned = new HashMap<>();
        for (int i = 0; i < train.size(); i++) learned.put((int) train.features()[i][0], c.classes().indexOf(train.labels().get(i)));
        Map<String, String> hyper = new LinkedHashMap<>(params.asMap());
        hyper.put("epochsRun", "1");
        return c.learning(learned, hyper);
    }

    @Override
    public Classifier fresh(Classifier like, long seed) {
        return TableClassifier.constant(like.classes(), freshAnswer);
    }
}
