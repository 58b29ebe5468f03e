package io.streamadapt.cli;

import io.streamadapt.data.Dataset;
import io.streamadapt.replay.ReplayPlan;
import io.streamadapt.replay.ShiftSpec;
import picocli.CommandLine.Option;

/** Scarce labels and label shift in a replayed stream: {@code --label-fraction} and {@code --shift-priors}. */
final class LabelShiftOptions {
    @Option(names = "--label-fraction", paramLabel = "FRACTION", defaultValue = "1.0",
            description = "Share of the requests that later arrive as labelled events, chosen at random with the seed. Default: ${DEFAULT-VALUE}")
    double labelFraction;

    @Option(names = "--shift-priors", paramLabel = "SPEC",
            description = "From the middle of the stream on, resample examples (with replacement, same length) to these class priors, "
                    + "written class=share,...; classes not named share the rest equally (7=0.5: half of the second half are sevens)")
    String shiftPriors;

    ReplayPlan plan(Dataset stream, long seed) {
        return ReplayPlan.of(stream, labelFraction, shiftPriors == null ? null : ShiftSpec.parse(shiftPriors), seed);
    }
}
