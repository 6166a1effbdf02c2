package io.faalive.job.decode;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts a decoded picture (any pixel format) to packed BGR24 at the analysis size. The
 * grabber runs in RAW mode, so only the frames kept for analysis pay for conversion and
 * scaling; the others are decoded and dropped. One per decode call; not thread-safe.
 */
final class FrameScaler implements AutoCloseable {

    /** swscale's SIMD paths write whole vectors: rows are padded and the buffer has slack. */
    private static final int ALIGN = 64;

    private final int width;
    private final int height;
    private final int stride;
    private final BytePointer buffer;
    private final PointerPointer<?> planes;
    private final IntPointer strides;
    private SwsContext context;

    FrameScaler(int width, int height) {
        this.width = width;
        this.height = height;
        this.stride = (width * 3 + ALIGN - 1) / ALIGN * ALIGN;
        this.buffer = new BytePointer((long) stride * height + ALIGN);
        this.planes = new PointerPointer<BytePointer>(1).put(0, buffer);
        this.strides = new IntPointer(1).put(0, stride);
    }

    byte[] toBgr(AVFrame picture) {
        context = swscale.sws_getCachedContext(context, picture.width(), picture.height(), picture.format(),
                width, height, avutil.AV_PIX_FMT_BGR24, swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
        if (context == null) {
            throw new IllegalStateException("swscale cannot convert pixel format " + picture.format() + " "
                    + picture.width() + "x" + picture.height() + " to BGR24 " + width + "x" + height);
        }
        swscale.sws_scale(context, picture.data(), picture.linesize(), 0, picture.height(), planes, strides);
        int row = width * 3;
        byte[] bgr = new byte[row * height];
        for (int y = 0; y < height; y++) {
            buffer.position((long) y * stride).get(bgr, y * row, row);
        }
        buffer.position(0);
        return bgr;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    @Override
    public void close() {
        if (context != null) {
            swscale.sws_freeContext(context);
            context = null;
        }
        strides.close();
        planes.close();
        buffer.close();
    }
}
