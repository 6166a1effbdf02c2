package io.faalive.loadtest.cli;

import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that runs the job's code: it gets the validated {@code --faa.*} settings before it runs. */
public abstract class SettingsCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    protected Configuration conf = new Configuration();

    /** Called by {@link FaaCli} with the command line's validated {@code --faa.*} settings before the command runs. */
    public void settings(Configuration conf) {
        this.conf = conf;
    }
}
