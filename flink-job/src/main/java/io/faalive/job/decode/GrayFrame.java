package io.faalive.job.decode;

/** One motion frame: 8-bit gray pixels at the analysis size (row stride = width) and its media time. */
public class GrayFrame {

    public long tsMs;
    public int width;
    public int height;
    public byte[] gray;

    public GrayFrame() {}

    public GrayFrame(long tsMs, int width, int height, byte[] gray) {
        this.tsMs = tsMs;
        this.width = width;
        this.height = height;
        this.gray = gray;
    }
}
