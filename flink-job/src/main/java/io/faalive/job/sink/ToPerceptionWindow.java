package io.faalive.job.sink;

import io.faalive.job.sync.TrackInWindow;
import io.faalive.job.sync.WindowObservation;
import io.faalive.schemas.PerceptionWindow;
import io.faalive.schemas.TrackObservation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;

/** The Avro {@link PerceptionWindow} of a window observation, made just before the sink. */
public final class ToPerceptionWindow implements MapFunction<WindowObservation, PerceptionWindow> {

    @Override
    public PerceptionWindow map(WindowObservation w) {
        List<TrackObservation> tracks = new ArrayList<>(w.tracks().length);
        for (TrackInWindow t : w.tracks()) {
            tracks.add(TrackObservation.newBuilder()
                    .setTrackId(t.trackId())
                    .setX(t.x())
                    .setY(t.y())
                    .setWidth(t.width())
                    .setHeight(t.height())
                    .setFrames(t.frames())
                    .setGoodFrames(t.goodFrames())
                    .setFaceEmbedding(boxed(t.faceEmbedding()))
                    .setMouthActivity(t.mouthActivity())
                    .setSyncScore(Float.isNaN(t.syncScore()) ? null : t.syncScore())
                    .build());
        }
        return PerceptionWindow.newBuilder()
                .setStreamId(w.streamId())
                .setWindowStartTsMs(w.startTsMs())
                .setWindowEndTsMs(w.endTsMs())
                .setSpeechShare(w.speechShare())
                .setSpeech(w.speech())
                .setVoiceEmbedding(boxed(w.voice()))
                .setVoiceEmbedder(w.voiceEmbedder())
                .setFrameWidth(w.frameWidth())
                .setFrameHeight(w.frameHeight())
                .setTracks(tracks)
                .setSyncCue(w.syncCue())
                .setSpeechSpans(w.speechSpans() == null ? null : Arrays.stream(w.speechSpans()).boxed().toList())
                .setEmitTimeMs(System.currentTimeMillis())
                .build();
    }

    private static List<Float> boxed(float[] v) {
        if (v == null) {
            return null;
        }
        List<Float> out = new ArrayList<>(v.length);
        for (float x : v) {
            out.add(x);
        }
        return out;
    }
}
