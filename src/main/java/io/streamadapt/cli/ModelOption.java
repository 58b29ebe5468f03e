package io.streamadapt.cli;

import io.streamadapt.config.Config;
import io.streamadapt.config.Settings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model FILE} option shared by the commands that start from a source model: serve, demo and curve. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE", description = "Source model (version 0): a file written by pretrain, or a Keras "
            + "HDF5 model (.h5) with its class list and normalisation in FILE's .json sidecar; same as --set model.path=FILE. "
            + "Without it the scenario's model is used (pretrained when missing).")
    Path file;

    /** The configuration with {@code model.path} set when {@code --model} was given. */
    Config apply(Config config) {
        return file == null ? config : config.with(Settings.MODEL_PATH.key(), file.toString());
    }
}
