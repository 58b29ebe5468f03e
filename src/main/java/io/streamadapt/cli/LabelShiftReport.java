package io.streamadapt.cli;

import io.streamadapt.adapt.Classifier;
import io.streamadapt.contract.Prediction;
import io.streamadapt.data.Dataset;
import io.streamadapt.labelshift.CalibrationError;
import io.streamadapt.labelshift.PriorSnapshot;
import io.streamadapt.labelshift.Priors;
import io.streamadapt.metrics.LabelShiftMetrics;
import io.streamadapt.model.ServedModel;
import io.streamadapt.replay.ReplayPlan;
import io.streamadapt.serving.PriorTracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The demo report's {@code labelShift} section, measured on the requests of the shifted part of the stream (its second
 * half): true priors counted from their labels (which the service never saw unless the request was labelled), the
 * service's final estimate, and the accuracy and calibration of the predictions it actually served for them.
 */
final class LabelShiftReport {
    private LabelShiftReport() {
    }

    static Map<String, Object> of(ReplayPlan plan, PredictionCounter predictions, LabelShiftMetrics metrics, String correction,
                                  ServedModel last) {
        Dataset s = plan.stream();
        List<String> classes = s.classes();
        int from = plan.shiftStart();
        int n = s.size();
        int[] labels = Arrays.copyOfRange(s.labels(), from, n);
        double[] truth = Priors.shares(labels, classes.size(), 0);
        PriorSnapshot snap = metrics.snapshot();
        double[] estimate = Priors.fromMap(Priors.toMap(snap.classes(), snap.estimate()), classes);

        int served = 0;
        int hitCorrected = 0;
        int hitUncorrected = 0;
        List<Double> confidence = new ArrayList<>();
        List<Boolean> hits = new ArrayList<>();
        Map<String, Integer> byCorrection = new TreeMap<>();
        Map<Long, Integer> byVersion = new TreeMap<>();
        Map<Long, int[]> hitsByVersion = new TreeMap<>();
        for (int i = from; i < n; i++) {
            Prediction p = predictions.prediction("r-" + i);
            if (p == null) {
                continue;
            }
            served++;
            String label = s.labelOf(i);
            boolean hit = label.equals(p.label());
            hitCorrected += hit ? 1 : 0;
            hitUncorrected += label.equals(p.uncorrectedLabel()) ? 1 : 0;
            confidence.add(p.probabilities().isEmpty() ? 0.0 : Collections.max(p.probabilities().values()));
            hits.add(hit);
            byCorrection.merge(String.valueOf(p.correction()), 1, Integer::sum);
            byVersion.merge(p.modelVersion(), 1, Integer::sum);
            int[] h = hitsByVersion.computeIfAbsent(p.modelVersion(), v -> new int[3]);
            h[0]++;
            h[1] += hit ? 1 : 0;
            h[2] += label.equals(p.uncorrectedLabel()) ? 1 : 0;
        }
        double[] conf = new double[confidence.size()];
        boolean[] hit = new boolean[hits.size()];
        for (int i = 0; i < conf.length; i++) {
            conf[i] = confidence.get(i);
            hit[i] = hits.get(i);
        }

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shiftPriors", plan.shift() == null ? null : plan.shift().text());
        m.put("correction", correction);
        m.put("requests", n - from);
        m.put("servedPredictions", served);
        m.put("truePriors", Priors.toMap(classes, truth));
        m.put("estimatedPriors", Priors.toMap(classes, estimate));
        m.put("estimatedPriorsLower", Priors.toMap(snap.classes(), snap.lower()));
        m.put("estimatedPriorsUpper", Priors.toMap(snap.classes(), snap.upper()));
        m.put("trainingPriors", Priors.toMap(snap.classes(), snap.training()));
        m.put("estimator", snap.method().wireName());
        m.put("windowRequests", snap.requests());
        m.put("windowLabelledRequests", snap.labelled());
        m.put("windowLabelsCorrectEstimate", snap.labelsCorrect());
        m.put("shiftSignificant", snap.shifted());
        m.put("l1Error", Priors.l1(estimate, truth));
        m.put("accuracyCorrected", served == 0 ? Double.NaN : hitCorrected / (double) served);
        m.put("accuracyUncorrected", served == 0 ? Double.NaN : hitUncorrected / (double) served);
        m.put("ece", CalibrationError.ece(conf, hit));
        m.put("correctionGuard", metrics.correctionGuard());
        m.put("predictionsByCorrection", byCorrection);
        m.put("predictionsByVersion", byVersion);
        m.put("accuracyByVersion", accuracyByVersion(hitsByVersion));
        m.put("lastVersion", lastVersion(s, from, last, snap));
        m.put("servingVersion", snap.version());
        m.put("temperature", snap.temperature());
        return m;
    }

    /** Served, corrected and uncorrected accuracy of each serving version: which versions the headline figures measure. */
    private static Map<Long, Map<String, Object>> accuracyByVersion(Map<Long, int[]> hits) {
        Map<Long, Map<String, Object>> out = new TreeMap<>();
        hits.forEach((v, h) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("served", h[0]);
            m.put("accuracyCorrected", h[1] / (double) h[0]);
            m.put("accuracyUncorrected", h[2] / (double) h[0]);
            out.put(v, m);
        });
        return out;
    }

    /**
     * The same requests scored again by the version serving at the end, with its final estimate: what the service
     * would answer now, apart from which version happened to serve each request during the replay.
     */
    private static Map<String, Object> lastVersion(Dataset s, int from, ServedModel last, PriorSnapshot snap) {
        float[][] x = Arrays.copyOfRange(s.features(), from, s.size());
        List<String> classes = last.model().classes();
        double[][] p = last.calibratedProba(x);
        double[] estimate = new double[classes.size()];
        for (int c = 0; c < estimate.length; c++) {
            estimate[c] = snap.of(snap.estimate(), classes.get(c));
        }
        PriorTracker.Applied applied = new PriorTracker.Applied(snap.method(), PriorTracker.weights(estimate, last.trainingPriors()));
        int corrected = 0;
        int uncorrected = 0;
        for (int i = 0; i < x.length; i++) {
            String label = s.labelOf(from + i);
            corrected += label.equals(classes.get(Classifier.argmax(new double[][]{applied.apply(p[i])})[0])) ? 1 : 0;
            uncorrected += label.equals(classes.get(Classifier.argmax(new double[][]{p[i]})[0])) ? 1 : 0;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", last.version());
        m.put("accuracyCorrected", x.length == 0 ? Double.NaN : corrected / (double) x.length);
        m.put("accuracyUncorrected", x.length == 0 ? Double.NaN : uncorrected / (double) x.length);
        m.put("ece", CalibrationError.ece(p, Arrays.copyOfRange(s.labels(), from, s.size())));
        return m;
    }

    /** The headline figures as rows of the demo's summary table. */
    static void rows(Map<?, ?> m, BiConsumer<String, String> row) {
        row.accept("label shift l1 error", String.format("%.4f", (Double) m.get("l1Error")));
        row.accept("accuracy corrected / not", String.format("%.4f / %.4f", (Double) m.get("accuracyCorrected"),
                (Double) m.get("accuracyUncorrected")));
        row.accept("calibration error (ECE)", String.format("%.4f", (Double) m.get("ece")));
    }
}
