package io.faalive.loadtest.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.faalive.job.decode.ChunkDecoder;
import io.faalive.job.decode.DecodeSettings;
import io.faalive.job.decode.DecodedChunk;
import io.faalive.loadtest.MediaSources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each chunk the producer makes must decode on its own, and together they must cover the source. */
class MediaChunkerTest {

    private final ChunkDecoder decoder = new ChunkDecoder(DecodeSettings.defaults());

    @org.junit.jupiter.api.AfterEach
    void closeDecoder() {
        decoder.close();
    }

    @Test
    void interviewChunksEachDecodeAloneAndTogetherCoverTheClip() throws Exception {
        Path clip = io.faalive.loadtest.FixtureMedia.require("multi_speaker/visualvoice_interview.mp4");
        List<EncodedChunk> chunks = MediaChunker.chunkFile(clip, 1000);
        assertThat(chunks).hasSize(18);
        double audio = 0;
        int frames = 0;
        for (EncodedChunk c : chunks) {
            assertThat(c.container()).isEqualTo("mpegts");
            DecodedChunk d = decoder.decode(c.payload(), c.container(), 0, c.durationMs());
            audio += d.audioSeconds();
            frames += d.sourceFrames;
            assertThat(d.frames[0].width).isEqualTo(640);
        }
        assertThat(chunks.get(17).durationMs()).isBetween(400, 600);
        assertThat(audio).isCloseTo(17.5, within(0.3));
        assertThat(frames).isBetween(430, 442);
    }

    @Test
    void generatedMediaIsDecodableWithSoundAndPictureChanges() throws Exception {
        List<EncodedChunk> chunks = SyntheticMedia.generate(320, 240, 25, 3, 1000, 7);
        assertThat(chunks).hasSize(3);
        for (EncodedChunk c : chunks) {
            DecodedChunk d = decoder.decode(c.payload(), c.container(), 0, c.durationMs());
            assertThat(d.sourceFrames).isEqualTo(25);
            assertThat(d.audioSeconds()).isCloseTo(1.0, within(0.06));
            assertThat(d.frames[0].bgr).isNotEqualTo(d.frames[d.frames.length - 1].bgr);
        }
        assertThat(MediaSources.CHUNK_MS).isEqualTo(1000);
    }
}
