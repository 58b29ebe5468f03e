package io.streamadapt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command line's shared conventions: labelled options, one --seed, case-insensitive enum values. */
class CommandLineTest {
    private static final List<String> SEEDED = List.of("demo", "serve", "pretrain", "replay", "curve");

    private static Map<String, CommandLine> subcommands() {
        return App.commandLine().getSubcommands();
    }

    @Test
    void everyOptionThatTakesAValueNamesItInTheHelp() {
        List<String> unlabelled = new ArrayList<>();
        subcommands().forEach((name, cmd) -> {
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                // picocli's fallback label is the field name in angle brackets
                if (o.arity().max() > 0 && o.paramLabel().startsWith("<")) unlabelled.add(name + " " + o.longestName());
            }
        });

        assertThat(unlabelled).isEmpty();
    }

    @Test
    void everyCommandThatMakesRandomChoicesTakesTheSameSeedOption() {
        for (String name : SEEDED) {
            OptionSpec seed = subcommands().get(name).getCommandSpec().findOption("--seed");
            assertThat(seed).as(name + " --seed").isNotNull();
            assertThat(seed.paramLabel()).isEqualTo("N");
            assertThat(seed.description()[0]).startsWith("Seed of every random choice");
        }
    }

    @Test
    void enumValuesAreCaseInsensitive() {
        CommandLine cl = App.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs("replay", "--mode", "labeled", "--seed", "7");
        ReplayCommand replay = (ReplayCommand) parsed.subcommand().commandSpec().userObject();

        assertThat(replay.mode.name()).isEqualTo("LABELED");
        assertThat(replay.seedOption.seed).isEqualTo(7L);
    }
}
