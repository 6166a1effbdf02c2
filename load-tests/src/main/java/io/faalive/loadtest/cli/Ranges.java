package io.faalive.loadtest.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks of a command's own numeric options: a value outside is a usage error (exit 2). */
public final class Ranges {

    private Ranges() {}

    public static void check(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ParameterException(spec.commandLine(), option + " must be " + format(min) + " to " + format(max) + ", got " + format(value));
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
