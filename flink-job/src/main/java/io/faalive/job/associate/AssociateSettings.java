package io.faalive.job.associate;

import io.faalive.job.config.AssociationOptions;
import io.faalive.job.config.EventTimeOptions;
import io.faalive.job.config.HarvestOptions;
import io.faalive.job.config.IdentityOptions;
import io.faalive.job.config.ModelOptions;
import io.faalive.job.config.PerceptionSettings;
import io.faalive.serving.associate.AssociationSettings;
import io.faalive.serving.harvest.SampleHarvester;
import io.faalive.serving.identify.IdentitySettings;
import io.faalive.serving.perception.PerceptionConfig;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/**
 * Everything {@link Associate} is configured with.
 *
 * @param harvest null when harvesting is off
 * @param faceEncoderId the face encoder whose vectors the windows carry (harvested samples and FAA models name it)
 * @param modelPath the FAA model to start with, null for none
 */
public record AssociateSettings(AssociationSettings association, IdentitySettings identity, SampleHarvester.Settings harvest,
        String modelVersion, Duration stateTtl, String faceEncoderId, int faceDim, String voiceEncoderId, int voiceDim, String modelPath)
        implements Serializable {

    public static AssociateSettings from(Configuration conf) {
        PerceptionConfig encoders = PerceptionSettings.from(conf);
        return new AssociateSettings(AssociationOptions.settings(conf), IdentityOptions.settings(conf), HarvestOptions.settings(conf),
                conf.get(AssociationOptions.MODEL_VERSION), conf.get(EventTimeOptions.STREAM_STATE_TTL),
                encoders.faceEmbedderName(), encoders.faceVectorSize(), encoders.voiceEmbedderName(), encoders.voiceVectorSize(),
                conf.get(ModelOptions.PATH));
    }
}
