package io.faalive.job.sink;

import io.faalive.job.associate.HarvestedSegment;
import io.faalive.schemas.HarvestedSample;
import io.faalive.serving.harvest.SampleHarvester.Sample;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;

/** The Avro {@link HarvestedSample} of a harvested segment; its id is the stream, the start and the pair, so a replay carries the same id. */
public final class ToHarvestedSample implements MapFunction<HarvestedSegment, HarvestedSample> {

    @Override
    public HarvestedSample map(HarvestedSegment h) {
        Sample s = h.sample();
        return HarvestedSample.newBuilder()
                .setSampleId(h.streamId() + "/sample/" + s.startMs() + "/S" + s.speaker() + "/T" + s.track())
                .setStreamId(h.streamId())
                .setTrackId(Long.toString(s.track()))
                .setStartTsMs(s.startMs())
                .setEndTsMs(s.endMs())
                .setFaceVectors(rows(s.faces()))
                .setVoiceVectors(rows(s.voices()))
                .setSyncScore(s.meanSync())
                .setFaceEncoderId(h.faceEncoderId())
                .setVoiceEncoderId(h.voiceEncoderId())
                .setHarvestedAtMs(System.currentTimeMillis())
                .build();
    }

    private static List<List<Float>> rows(float[][] vectors) {
        List<List<Float>> out = new ArrayList<>(vectors.length);
        for (float[] v : vectors) {
            List<Float> row = new ArrayList<>(v.length);
            for (float x : v) {
                row.add(x);
            }
            out.add(row);
        }
        return out;
    }
}
