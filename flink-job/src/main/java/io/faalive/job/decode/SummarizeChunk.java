package io.faalive.job.decode;

import io.faalive.schemas.ChunkSummary;
import org.apache.flink.api.common.functions.MapFunction;

/** The per-chunk output record until the perception stages replace it: what was decoded, and how fast. */
public final class SummarizeChunk implements MapFunction<DecodedChunk, ChunkSummary> {

    private static final long serialVersionUID = 1L;
    private static final double SILENCE_DBFS = -120.0;

    @Override
    public ChunkSummary map(DecodedChunk d) {
        VideoFrame first = d.frames.length > 0 ? d.frames[0] : null;
        VideoFrame last = d.frames.length > 0 ? d.frames[d.frames.length - 1] : null;
        return ChunkSummary.newBuilder()
                .setStreamId(d.streamId)
                .setSeq(d.seq)
                .setStartTsMs(d.startTsMs)
                .setDurationMs(d.durationMs)
                .setVideoFrames(d.frames.length)
                .setSourceFrames(d.sourceFrames)
                .setFrameWidth(first == null ? 0 : first.width)
                .setFrameHeight(first == null ? 0 : first.height)
                .setFirstFrameTsMs(first == null ? null : first.tsMs)
                .setLastFrameTsMs(last == null ? null : last.tsMs)
                .setAudioSamples(d.pcm.length)
                .setAudioSampleRate(d.sampleRate)
                .setAudioRmsDbfs((float) rmsDbfs(d.pcm))
                .setMeanLuma((float) meanLuma(d.frames))
                .setDecodeMicros(d.decodeNanos / 1000)
                .setProducerTimeMs(d.producerTimeMs)
                .setEmitTimeMs(System.currentTimeMillis())
                .build();
    }

    static double rmsDbfs(short[] pcm) {
        if (pcm.length == 0) {
            return SILENCE_DBFS;
        }
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        double rms = Math.sqrt(sum / pcm.length) / 32768.0;
        return rms <= 1e-6 ? SILENCE_DBFS : 20 * Math.log10(rms);
    }

    /** Rec. 601 luma, on every 7th pixel: a liveness signal, not an image statistic. */
    static double meanLuma(VideoFrame[] frames) {
        double sum = 0;
        long n = 0;
        for (VideoFrame f : frames) {
            for (int i = 0; i + 2 < f.bgr.length; i += 21) {
                sum += 0.114 * (f.bgr[i] & 0xff) + 0.587 * (f.bgr[i + 1] & 0xff) + 0.299 * (f.bgr[i + 2] & 0xff);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
