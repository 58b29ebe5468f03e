package io.streamadapt.cli;

import picocli.CommandLine.Option;

/** How a replayed stream is paced: {@code --rate} and {@code --label-delay}, shared by {@code demo} and {@code replay}. */
final class PacingOptions {
    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Examples per second replayed; 0 is as fast as possible. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--label-delay", paramLabel = "N", defaultValue = "20",
            description = "Examples between a request and its labelled event. Default: ${DEFAULT-VALUE}")
    int labelDelay;
}
