package io.streamadapt.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamadapt.adapt.Trainer;
import io.streamadapt.labelshift.Calibration;
import io.streamadapt.labelshift.PriorSnapshot;
import io.streamadapt.metrics.eval.CalibrationWindow;
import io.streamadapt.serving.PriorTracker;
import io.streamadapt.training.TrainingListener;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Label shift and calibration: the estimated class priors of recent requests with their bootstrap 95% interval, the
 * serving version's training priors, the total-variation distance between the two, the serving temperature, and the
 * expected calibration error of the adapted (calibrated) and the source model over the last N labelled events, each
 * scored before it is learned.
 */
public final class LabelShiftMetrics implements MeterBinder, TrainingListener {
    private final PriorTracker priors;
    private final Supplier<Optional<Calibration>> adaptedCalibration;
    private final CalibrationWindow adapted;
    private final CalibrationWindow source;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;
    private volatile PriorSnapshot frozen;

    /**
     * @param adaptedCalibration calibration of the version the trainer scores labelled events with (the newest)
     * @param window             labelled events the calibration error is measured over
     */
    public LabelShiftMetrics(PriorTracker priors, Supplier<Optional<Calibration>> adaptedCalibration, int window) {
        this.priors = priors;
        this.adaptedCalibration = adaptedCalibration;
        this.adapted = new CalibrationWindow(window);
        this.source = new CalibrationWindow(window);
    }

    /** Takes the snapshot the gauges report until the next call, so one scrape's figures describe the same window. */
    public void freezeForScrape() {
        PriorSnapshot s = priors.snapshot();
        frozen = s;
        MeterRegistry r = registry;
        if (r != null) {
            s.classes().forEach(c -> perClass(r, c));
        }
    }

    private PriorSnapshot view() {
        PriorSnapshot s = frozen;
        return s != null ? s : priors.snapshot();
    }

    /** The current label-shift figures, fresh (not the frozen scrape view). */
    public PriorSnapshot snapshot() {
        return priors.snapshot();
    }

    /** How the correction did on recent labelled events, and whether it is applied now. */
    public PriorTracker.Guard correctionGuard() {
        return priors.guard();
    }

    public double adaptedCalibrationError() {
        return adapted.ece();
    }

    public double sourceCalibrationError() {
        return source.ece();
    }

    @Override
    public void bindTo(MeterRegistry r) {
        registry = r;
        gauge(r, "streamadapt.label.prior.tv.distance", "Total-variation distance between the estimated class priors of "
                + "requests and the serving version's training priors", PriorSnapshot::tv);
        gauge(r, "streamadapt.label.prior.tv.distance.lower", "Bootstrap 95% lower bound of the total-variation distance",
                PriorSnapshot::tvLower);
        gauge(r, "streamadapt.label.prior.tv.distance.upper", "Bootstrap 95% upper bound of the total-variation distance",
                PriorSnapshot::tvUpper);
        gauge(r, "streamadapt.label.prior.window.requests", "Requests in the window the class priors are estimated over",
                PriorSnapshot::requests);
        gauge(r, "streamadapt.label.prior.window.labelled", "Requests of the estimation window whose label has arrived: counted "
                + "as their class instead of estimated", PriorSnapshot::labelled);
        gauge(r, "streamadapt.label.prior.window.labels.correct", "1 when the window's labelled requests, a random share of it, "
                + "also corrected the estimate of the unlabelled ones; 0 when too few or not a random share", s -> s.labelsCorrect() ? 1 : 0);
        gauge(r, "streamadapt.calibration.temperature", "Temperature the serving version's probabilities are scaled by",
                PriorSnapshot::temperature);
        Gauge.builder("streamadapt.calibration.error", adapted, CalibrationWindow::ece)
                .description("Expected calibration error (15 bins) of the adapted model's calibrated probabilities over the labelled-event window")
                .register(r);
        Gauge.builder("streamadapt.source.model.calibration.error", source, CalibrationWindow::ece)
                .description("Expected calibration error (15 bins) of the frozen source model over the labelled-event window").register(r);
        Gauge.builder("streamadapt.label.shift.correction.active", priors, p -> p.guard().active() ? 1 : 0)
                .description("1 while served probabilities are reweighted by the estimated class priors").register(r);
        Gauge.builder("streamadapt.label.shift.correction.wins", priors, p -> p.guard().wins())
                .description("Recent labelled events only the corrected prediction got right").register(r);
        Gauge.builder("streamadapt.label.shift.correction.losses", priors, p -> p.guard().losses())
                .description("Recent labelled events only the uncorrected prediction got right (more losses than wins stop the correction)")
                .register(r);
        view().classes().forEach(c -> perClass(r, c));
    }

    private void gauge(MeterRegistry r, String name, String description, ToDoubleFunction<PriorSnapshot> f) {
        Gauge.builder(name, this, m -> f.applyAsDouble(m.view())).description(description).register(r);
    }

    private void perClass(MeterRegistry r, String cls) {
        if (!registered.add(cls)) {
            return;
        }
        classGauge(r, "streamadapt.label.prior.estimate", "Estimated class priors of the requests in the window", cls,
                PriorSnapshot::estimate);
        classGauge(r, "streamadapt.label.prior.estimate.lower", "Bootstrap 95% lower bound of the estimated class prior", cls,
                PriorSnapshot::lower);
        classGauge(r, "streamadapt.label.prior.estimate.upper", "Bootstrap 95% upper bound of the estimated class prior", cls,
                PriorSnapshot::upper);
        classGauge(r, "streamadapt.label.prior.training", "Class priors the serving version was trained under", cls,
                PriorSnapshot::training);
    }

    private void classGauge(MeterRegistry r, String name, String description, String cls,
                            Function<PriorSnapshot, double[]> vector) {
        Gauge.builder(name, this, m -> {
            PriorSnapshot s = m.view();
            return s.of(vector.apply(s), cls);
        }).description(description).tag("class", cls).register(r);
    }

    @Override
    public void scored(String label, List<String> classes, double[] adaptedP, List<String> sourceClasses, double[] sourceP,
                       float[] embedding) {
        double[] calibrated = adaptedCalibration.get().map(c -> c.apply(new double[][]{adaptedP})[0]).orElse(adaptedP);
        adapted.record(calibrated, classes.indexOf(label));
        priors.labelled(classes, calibrated, classes.indexOf(label));
        source.record(sourceP, sourceClasses.indexOf(label));
    }

    @Override
    public void flushed(Trainer.Flush flush, long version) {
    }

    @Override
    public void buffered(int events) {
    }
}
