package io.faalive.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The FAA model the association scores face-voice pairs with, and how a new one reaches the running job. */
public final class ModelOptions {

    private ModelOptions() {}

    public static final ConfigOption<String> PATH = ConfigOptions.key("faa.model.path")
            .stringType().noDefaultValue()
            .withDescription("FAA model directory (model.json and faa.params, as bin/faa train writes it) loaded at start; unset: no FAA model until a model update arrives. It must be trained on the job's face and voice encoders.");

    static void validate(Rules r) {
        String path = r.get(PATH);
        r.require(path == null || !path.isBlank(), PATH, "must name a model directory when set");
    }
}
