package io.faalive.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.faalive.job.Fixtures;
import io.faalive.job.TestChunks;
import io.faalive.job.deadletter.DeadLetters;
import io.faalive.job.ingest.SourcedChunk;
import io.faalive.schemas.DeadLetter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DecodeChunk in the operator harness, on real fixture media. */
class DecodeChunkTest {

    private KeyedOneInputStreamOperatorTestHarness<String, SourcedChunk, DecodedChunk> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DecodeChunk(DecodeSettings.defaults())),
                SourcedChunk::streamId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void gridClipDecodesToSampledFramesWithMediaTimestampsAndSixteenKilohertzAudio() throws Exception {
        byte[] clip = Fixtures.bytes("grid/lbax4n.mpg");
        harness.processElement(TestChunks.sourced(0, TestChunks.chunk("grid", 0, clip, null, 3000)), TestChunks.T0);

        DecodedChunk d = single(harness.extractOutputValues());
        // 3.0 s at 25 fps, sampled at the default 5 fps.
        assertThat(d.sourceFrames).isBetween(73, 77);
        assertThat(d.frames).hasSizeBetween(14, 16);
        assertThat(d.frames[0].tsMs - TestChunks.T0).isBetween(0L, 80L);
        for (int i = 1; i < d.frames.length; i++) {
            assertThat(d.frames[i].tsMs - d.frames[i - 1].tsMs).as("frame spacing at 5 fps").isBetween(160L, 240L);
        }
        // 360x288 is below the 640 analysis width: kept, not upscaled.
        assertThat(d.frames[0].width).isEqualTo(360);
        assertThat(d.frames[0].height).isEqualTo(288);
        assertThat(d.frames[0].bgr).hasSize(360 * 288 * 3);
        // gray motion frames at the default 25 fps: every source frame, same size as the analysis frames
        assertThat(d.motionFrames.length).isEqualTo(d.sourceFrames);
        assertThat(d.motionFrames[0].gray).hasSize(360 * 288);
        for (int i = 1; i < d.motionFrames.length; i++) {
            assertThat(d.motionFrames[i].tsMs - d.motionFrames[i - 1].tsMs).as("motion frame spacing at 25 fps").isBetween(30L, 50L);
        }
        assertThat(d.sampleRate).isEqualTo(16000);
        assertThat(d.audioSeconds()).isCloseTo(3.0, within(0.1));
        assertThat(SummarizeChunk.rmsDbfs(d.pcm)).as("a person speaks: audible, not clipped").isBetween(-40.0, -3.0);
        assertThat(harness.getSideOutput(DeadLetters.TAG)).isNullOrEmpty();
    }

    @Test
    void interviewMp4IsScaledToTheAnalysisSizeWithItsAspectRatio() throws Exception {
        byte[] clip = Fixtures.bytes("multi_speaker/visualvoice_interview.mp4");
        harness.processElement(TestChunks.sourced(0, TestChunks.chunk("interview", 0, clip, "mp4", 17500)), TestChunks.T0);

        DecodedChunk d = single(harness.extractOutputValues());
        // 17.5 s at 25 fps, 1280x720.
        assertThat(d.sourceFrames).isBetween(430, 442);
        assertThat(d.frames.length).isBetween(86, 89);
        assertThat(d.frames[0].width).isEqualTo(640);
        assertThat(d.frames[0].height).isEqualTo(360);
        long last = d.frames[d.frames.length - 1].tsMs - TestChunks.T0;
        assertThat(last).as("last sampled frame near the end of the clip").isBetween(17_000L, 17_500L);
        assertThat(d.audioSeconds()).isCloseTo(17.5, within(0.15));
    }

    @Test
    void aShortLastChunkIsCompleteWhenOnlyFrameGranularityIsMissing() throws Exception {
        // a stream's last chunk can be a fraction of a second: whole video and audio frames leave up to
        // 100 ms of its declared duration undecoded, which is not truncation
        byte[] clip = Fixtures.bytes("grid/lbax4n.mpg");
        byte[] head = Arrays.copyOf(clip, clip.length / 12);
        harness.processElement(TestChunks.sourced(1, TestChunks.chunk("grid", 0, head, null, 3000)), TestChunks.T0);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("decoded (\\d+) ms").matcher(singleDeadLetter().getReason().toString());
        assertThat(m.find()).isTrue();
        int decoded = Integer.parseInt(m.group(1));
        int declared = decoded + 90;
        assertThat(decoded).as("the fraction alone would call it truncated").isLessThan((int) (0.8 * declared));
        harness.processElement(TestChunks.sourced(2, TestChunks.chunk("grid", 1, head, null, declared)), TestChunks.T0);
        assertThat(single(harness.extractOutputValues()).seq).isEqualTo(1);
    }

    @Test
    void truncatedChunkGoesToTheDeadLetterOutputAndTheNextChunkStillDecodes() throws Exception {
        byte[] clip = Fixtures.bytes("grid/lbax4n.mpg");
        byte[] firstThird = Arrays.copyOf(clip, clip.length / 3);
        SourcedChunk truncated = TestChunks.sourced(7, TestChunks.chunk("grid", 0, firstThird, null, 3000));
        harness.processElement(truncated, TestChunks.T0);
        harness.processElement(TestChunks.sourced(8, TestChunks.chunk("grid", 1, clip, null, 3000)), TestChunks.T0);

        DeadLetter dead = singleDeadLetter();
        assertThat(dead.getErrorClass()).isEqualTo("TRUNCATED_MEDIA");
        assertThat(dead.getReason()).contains("of the 3000 ms the chunk declares");
        assertThat(dead.getStage()).isEqualTo(DecodeChunk.STAGE);
        assertThat(dead.getSourceOffset()).isEqualTo(7);
        assertThat(dead.getSeq()).isEqualTo(0L);
        assertThat(bytes(dead)).isEqualTo(truncated.origin.value);
        assertThat(single(harness.extractOutputValues()).seq).isEqualTo(1);
    }

    @Test
    void mp4WithoutItsIndexAndRandomBytesAreUndecodable() throws Exception {
        byte[] mp4 = Fixtures.bytes("multi_speaker/visualvoice_interview.mp4");
        byte[] noise = new byte[50_000];
        new Random(3).nextBytes(noise);
        harness.processElement(TestChunks.sourced(1, TestChunks.chunk("a", 0, Arrays.copyOf(mp4, mp4.length / 2), "mp4", 1000)), 0);
        harness.processElement(TestChunks.sourced(2, TestChunks.chunk("b", 0, noise, "mpegts", 1000)), 0);
        harness.processElement(TestChunks.sourced(3, TestChunks.chunk("c", 0, noise, null, 1000)), 0);

        assertThat(harness.extractOutputValues()).isEmpty();
        List<DeadLetter> dead = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
        assertThat(dead).extracting(DeadLetter::getSourceOffset).containsExactly(1L, 2L, 3L);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.getErrorClass()).isIn("UNDECODABLE_MEDIA", "TRUNCATED_MEDIA");
            assertThat(d.getReason()).isNotBlank();
        });
        assertThat(dead.get(0).getErrorClass()).isEqualTo("UNDECODABLE_MEDIA");
    }

    @Test
    void decodingKeepsNoPerStreamStateAndNoTimers() throws Exception {
        byte[] clip = Fixtures.bytes("grid/lbax4n.mpg");
        for (int seq = 0; seq < 3; seq++) {
            harness.processElement(TestChunks.sourced(seq, TestChunks.chunk("s1", seq, clip, null, 3000)), 0);
        }
        harness.processElement(TestChunks.sourced(9, TestChunks.chunk("s2", 0, clip, null, 3000)), 0);
        assertThat(harness.extractOutputValues()).extracting(c -> c.streamId + "#" + c.seq)
                .containsExactly("s1#0", "s1#1", "s1#2", "s2#0");
        assertThat(harness.numKeyedStateEntries()).as("sequence state lives in OrderChunks").isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private DeadLetter singleDeadLetter() {
        var side = harness.getSideOutput(DeadLetters.TAG);
        assertThat(side).hasSize(1);
        return side.peek().getValue();
    }

    private static byte[] bytes(DeadLetter d) {
        byte[] b = new byte[d.getOriginalBytes().remaining()];
        d.getOriginalBytes().duplicate().get(b);
        return b;
    }

    private static DecodedChunk single(List<DecodedChunk> out) {
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
