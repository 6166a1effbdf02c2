package io.faalive.loadtest.cli;

import io.faalive.loadtest.AnalyzeCommand;
import io.faalive.loadtest.Demo;
import io.faalive.loadtest.EmbedVoiceCommand;
import io.faalive.loadtest.ProduceCommand;
import io.faalive.loadtest.scenario.ScenarioCommand;
import io.faalive.loadtest.scenario.ScoreCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.IllegalConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * {@code bin/faa}: every command, its usage and its exit codes in one place. 0: done; 1: failed
 * at run time; 2: bad usage or configuration. Errors are one line ({@code command: reason});
 * {@code --verbose} adds the stack trace. {@code bin/faa help} is generated from these definitions.
 */
@Command(name = "bin/faa", mixinStandardHelpOptions = true, version = "faa-live", synopsisSubcommandLabel = "COMMAND",
        description = "faa-live: who is speaking in live video streams, which face each voice belongs to. Builds what it needs on first use (and again when sources change).",
        footer = {"", "Commands that run the job take any faa.* option as --faa.key value (bin/faa options lists them).",
                "Exit codes: 0 done, 1 failed at run time, 2 bad usage or configuration; --verbose adds stack traces."},
        subcommands = CommandLine.HelpCommand.class)
public final class FaaCli implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line in this process; the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        JobSettings.Split split = JobSettings.split(args);
        List<String> rest = split.rest();
        boolean verbose = rest.remove("--verbose");
        CommandLine cli = commandLine(out, err);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, a) -> usageError(err, e));
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof ParameterException pe) {
                return usageError(err, pe);
            }
            err.println(c.getCommandName() + ": " + Errors.oneLine(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        cli.setExecutionStrategy(parsed -> {
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            CommandLine command = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
            boolean takes = command.getCommand() instanceof SettingsCommand;
            if (!split.settings().isEmpty() && !takes) {
                throw new ParameterException(command, "this command takes no faa.* options, got " + split.settings().get(0));
            }
            if (takes) {
                try {
                    ((SettingsCommand) command.getCommand()).settings(JobSettings.configuration(split.settings()));
                } catch (IllegalConfigurationException e) {
                    throw new ConfigurationError(command, e.getMessage());
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        int code = cli.execute(rest.toArray(new String[0]));
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** A bad --faa.* setting: its message names the key, the value and the rule already. */
    private static final class ConfigurationError extends ParameterException {
        ConfigurationError(CommandLine commandLine, String message) {
            super(commandLine, message);
        }
    }

    private static int usageError(PrintWriter err, ParameterException e) {
        String name = e.getCommandLine().getCommandName();
        String help = e.getCommandLine().getCommandSpec().parent() == null ? "bin/faa help" : "bin/faa " + name + " --help";
        String message = Errors.firstLine(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException u && e.getCommandLine().getCommandSpec().parent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            String typed = u.getUnmatched().get(0);
            String closest = closest(typed, e.getCommandLine().getSubcommands().keySet());
            message = "unknown command '" + typed + "'" + (closest == null ? "" : "; did you mean " + closest + "?");
        }
        // configuration errors name the key and the rule already; usage errors point at the usage
        err.println((name.equals("bin/faa") ? "faa" : name) + ": " + message + (e instanceof ConfigurationError ? "" : " (" + help + ")"));
        err.flush();
        return 2;
    }

    /** The command within a third of its length in edits (at least 2) of {@code typed}, or null. */
    static String closest(String typed, java.util.Collection<String> names) {
        String best = null;
        int bestDistance = Math.max(2, typed.length() / 3) + 1;
        for (String name : names) {
            int d = editDistance(typed, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    private static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new FaaCli());
        cli.addSubcommand("demo", new Demo());
        cli.addSubcommand("job", new JobCommand());
        cli.addSubcommand("broker", new BrokerCommand());
        cli.addSubcommand("produce", new ProduceCommand());
        cli.addSubcommand("tail", new TailCommand());
        cli.addSubcommand("analyze", new AnalyzeCommand());
        cli.addSubcommand("enroll", new io.faalive.loadtest.identity.EnrollCommand());
        cli.addSubcommand("model-update", new io.faalive.loadtest.learn.ModelUpdateCommand());
        cli.addSubcommand("bench", new io.faalive.loadtest.bench.BenchCommand());
        cli.addSubcommand("scenario", new ScenarioCommand(err));
        cli.addSubcommand("score", new ScoreCommand(out, err));
        cli.addSubcommand("embed-voice", new EmbedVoiceCommand(err));
        cli.addSubcommand("options", new OptionsCommand());
        PassThrough.addBenchmarks(cli);
        PassThrough.addLab(cli);
        PassThrough.addLauncherCommands(cli);
        return cli;
    }
}
