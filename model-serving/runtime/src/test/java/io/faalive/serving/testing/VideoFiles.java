package io.faalive.serving.testing;

import io.faalive.serving.vision.BgrImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Reads every video frame of a file as BGR images. */
public final class VideoFiles {

    private VideoFiles() {}

    public static List<BgrImage> read(Path file) {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        List<BgrImage> frames = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            for (Frame f; (f = g.grabImage()) != null; ) {
                ByteBuffer b = (ByteBuffer) f.image[0];
                byte[] px = new byte[f.imageWidth * f.imageHeight * 3];
                for (int y = 0; y < f.imageHeight; y++) {
                    b.position(y * f.imageStride);
                    b.get(px, y * f.imageWidth * 3, f.imageWidth * 3);
                }
                frames.add(new BgrImage(f.imageWidth, f.imageHeight, px));
            }
            g.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot decode " + file + ": " + e.getMessage(), e);
        }
        return frames;
    }
}
