package io.streamadapt.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "models", mixinStandardHelpOptions = true, description = "TODO")
final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
