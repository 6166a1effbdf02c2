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
 * Converts a decoded picture (any pixel format) to packed BGR24 or 8-bit gray at the analysis
 * size. The grabber runs in RAW mode, so only the frames kept pay for conversion and scaling;
 * the others are decoded and dropped. Not thread-safe.
 */
final class FrameScaler implements AutoCloseable {

    /** swscale's SIMD paths write whole vectors: rows are padded and the buffer has slack. */
    private static final int ALIGN = 64;

    private final int width;
    private final int height;
    private final int pixelFormat;
    private final int bytesPerPixel;
    private final int stride;
    private final BytePointer buffer;
    private final PointerPointer<?> planes;
    private final IntPointer strides;
    private SwsContext context;

    static FrameScaler bgr(int width, int height) {
        return new FrameScaler(width, height, avutil.AV_PIX_FMT_BGR24, 3);
    }

    static FrameScaler gray(int width, int height) {
        return new FrameScaler(width, height, avutil.AV_PIX_FMT_GRAY8, 1);
    }

    private FrameScaler(int width, int height, int pixelFormat, int bytesPerPixel) {
        this.width = width;
        this.height = height;
        this.pixelFormat = pixelFormat;
        this.bytesPerPixel = bytesPerPixel;
        this.stride = (width * bytesPerPixel + ALIGN - 1) / ALIGN * ALIGN;
        this.buffer = new BytePointer((long) stride * height + ALIGN);
        this.planes = new PointerPointer<BytePointer>(1).put(0, buffer);
        this.strides = new IntPointer(1).put(0, stride);
    }

    /** The picture in this scaler's format and size, rows packed. */
    byte[] convert(AVFrame picture) {
        context = swscale.sws_getCachedContext(context, picture.width(), picture.height(), picture.format(),
                width, height, pixelFormat, swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
        if (context == null) {
            throw new IllegalStateException("swscale cannot convert pixel format " + picture.format() + " "
                    + picture.width() + "x" + picture.height() + " to format " + pixelFormat + " " + width + "x" + height);
        }
        swscale.sws_scale(context, picture.data(), picture.linesize(), 0, picture.height(), planes, strides);
        int row = width * bytesPerPixel;
        byte[] pixels = new byte[row * height];
        for (int y = 0; y < height; y++) {
            buffer.position((long) y * stride).get(pixels, y * row, row);
        }
        buffer.position(0);
        return pixels;
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
