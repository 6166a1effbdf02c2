package io.faalive.loadtest.cli;

import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that runs the job's code: it gets the validated {@code --faa.*} settings before it runs. */
public abstract class SettingsCommand implements Callable<Integer>, TakesSettings {

    @Spec
    protected CommandSpec spec;

    protected Configuration conf = new Configuration();

    @Override
    public void settings(Configuration conf) {
        this.conf = conf;
    }
}
