package io.faalive.job.config;

import static io.faalive.job.config.AudioOptions.*;
import static io.faalive.job.config.DecodeOptions.*;
import static io.faalive.job.config.EventTimeOptions.*;
import static io.faalive.job.config.FaceOptions.*;
import static io.faalive.job.config.InferenceOptions.*;
import static io.faalive.job.config.KafkaOptions.*;
import static io.faalive.job.config.SyncOptions.*;
import static io.faalive.job.config.TopicOptions.*;
import static io.faalive.job.config.TrackOptions.*;

import io.faalive.serving.audio.SpeechSegmenter;
import io.faalive.serving.perception.PerceptionConfig;
import io.faalive.serving.track.FaceTracker;
import io.faalive.serving.vision.FaceQuality;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.configuration.Configuration;

/** Builds model-serving's {@link PerceptionConfig} from the job's typed options. */
public final class PerceptionSettings {

    private PerceptionSettings() {}

    public static PerceptionConfig from(Configuration conf) {
        float on = conf.get(VAD_THRESHOLD).floatValue();
        return new PerceptionConfig(
                PerceptionConfig.Detector.valueOf(conf.get(FACE_DETECTOR).name()),
                conf.get(FACE_DETECTOR_MODEL), conf.get(FACE_DETECTOR_SCORE).floatValue(),
                conf.get(FACE_LANDMARKS_MODEL),
                PerceptionConfig.FaceModel.valueOf(conf.get(FACE_EMBEDDER).name()), conf.get(FACE_EMBEDDER_MODEL),
                conf.get(FACE_EMBEDDER_INPUT_SIZE), conf.get(FACE_EMBEDDER_MEAN).floatValue(), conf.get(FACE_EMBEDDER_STD).floatValue(),
                conf.get(FACE_EMBEDDER_RGB), conf.get(FACE_EMBEDDER_DIMENSION),
                new FaceQuality(conf.get(FACE_MIN_SIZE), conf.get(FACE_MAX_YAW).floatValue(), conf.get(FACE_MIN_SHARPNESS).floatValue()),
                new FaceTracker.Settings(conf.get(TRACK_IOU).floatValue(), conf.get(TRACK_MAX_GAP).toMillis(),
                        conf.get(TRACK_BRIDGE_SIMILARITY).floatValue(),
                        conf.get(WINDOW_LENGTH).toMillis() + 4000),
                conf.get(VAD_MODEL),
                new SpeechSegmenter.Settings(on, on - 0.15f, (int) conf.get(VAD_HANGOVER).toMillis(), (int) conf.get(VAD_MIN_SPEECH).toMillis()),
                (int) conf.get(WINDOW_LENGTH).toMillis(), (int) conf.get(WINDOW_HOP).toMillis(), conf.get(WINDOW_MIN_SPEECH_SHARE).floatValue(),
                PerceptionConfig.VoiceModel.valueOf(conf.get(VOICE_EMBEDDER).name()), conf.get(VOICE_EMBEDDER_MODEL), conf.get(VOICE_EMBEDDER_DIMENSION),
                PerceptionConfig.SyncCue.valueOf(conf.get(SYNC_CUE).name()), conf.get(SYNC_ASD_MODEL), conf.get(SYNC_ASD_HEAD),
                conf.get(INFERENCE_DEVICE), conf.get(INFERENCE_THREADS), conf.get(INFERENCE_MAX_BATCH), conf.get(INFERENCE_MAX_DELAY));
    }

    /**
     * The configuration with its device made concrete for this subtask: a bare {@code gpu}
     * takes the index of Flink's {@code gpu} external resource when the TaskManager has one.
     */
    public static PerceptionConfig onDevice(PerceptionConfig c, RuntimeContext context) {
        if (!c.device().equalsIgnoreCase("gpu")) {
            return c;
        }
        String index = "0";
        Set<ExternalResourceInfo> gpus = context.getExternalResourceInfos("gpu");
        for (ExternalResourceInfo gpu : gpus) {
            index = gpu.getProperty("index").orElse(index);
            break;
        }
        return c.withDevice("gpu:" + index);
    }
}
