package io.faalive.job.perception;

/**
 * A chunk as perception fills it in: faces (DetectFaces, EmbedFaces, TrackFaces), live track
 * snapshots (TrackFaces), audio and windows (SpeechWindows, EmbedVoices). Frames are not
 * carried past DetectFaces.
 */
public class PerceivedChunk {

    public String streamId;
    public long seq;
    public long startTsMs;
    public int durationMs;
    public long producerTimeMs;
    public int frameWidth;
    public int frameHeight;
    public int frames;
    public FaceRecord[] faces = new FaceRecord[0];
    public TrackSnapshot[] tracks = new TrackSnapshot[0];
    /** 16-bit mono PCM of the chunk, until SpeechWindows has consumed it (then null). */
    public short[] pcm;
    public int sampleRate;
    public long audioStartTsMs;
    public WindowRecord[] windows = new WindowRecord[0];

    public PerceivedChunk() {}
}
