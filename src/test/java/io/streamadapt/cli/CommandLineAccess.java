package io.streamadapt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Lets tests run a command exactly as {@code java -jar streamadapt.jar ...} would, without exiting the JVM. */
public final class CommandLineAccess {
    private CommandLineAccess() {
    }

    /** Exit code and what the command printed to standard output. */
    public record Result(int exitCode, String output) {
    }

    public static int run(String... args) {
        return App.commandLine().execute(args);
    }

    public static Result runCapturing(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true));
            int code = run(args);
            return new Result(code, captured.toString());
        } finally {
            System.setOut(stdout);
        }
    }
}
