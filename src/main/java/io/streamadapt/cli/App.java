package io.streamadapt.cli;

import io.streamadapt.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar target/streamadapt.jar}. */
@Command(name = "streamadapt", mixinStandardHelpOptions = true, versionProvider = App.Version.class,
        description = "Streaming domain adaptation: keeps fine-tuning a pretrained source model on labelled target events from Kafka, publishes gated model versions and serves predictions.",
        subcommands = {DemoCommand.class, ServeCommand.class, PretrainCommand.class, ReplayCommand.class, ModelsCommand.class, CurveCommand.class, BenchCommand.class, NativesCommand.class,
                CommandLine.HelpCommand.class})
public final class App implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new App());
        // --scenario DIGITS, --strategy Full, --mode labeled: spelling of an enum value should not matter
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = App.class.getPackage().getImplementationVersion();
            return new String[]{"streamadapt " + (v == null ? "dev" : v)};
        }
    }
}
