package io.faalive.loadtest.cli;

import org.apache.flink.configuration.Configuration;

/** A command that runs the job's code: it gets the validated {@code --faa.*} settings before it runs. */
public interface TakesSettings {

    void settings(Configuration conf);
}
