package io.faalive.job.decode;

/** One analysis frame: packed BGR24 pixels (row stride = 3 * width) and its media time. */
public class VideoFrame {

    public long tsMs;
    public int width;
    public int height;
    public byte[] bgr;

    public VideoFrame() {}

    public VideoFrame(long tsMs, int width, int height, byte[] bgr) {
        this.tsMs = tsMs;
        this.width = width;
        this.height = height;
        this.bgr = bgr;
    }
}
