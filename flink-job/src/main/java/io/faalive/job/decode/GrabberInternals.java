package io.faalive.job.decode;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Two private members of JavaCV's {@link FFmpegFrameGrabber} (pinned at 1.5.12). Its public
 * API converts either every frame or none: with processing on, every decoded video frame is
 * converted to BGR (at 25 fps, most of the decode stage's cost); with it off, audio is not
 * resampled either. Grabbing unprocessed and then resampling audio frames and reading the
 * decoded picture of kept video frames makes a dropped frame cost its decode only. The
 * decode tests fail if an upgrade changes these members.
 */
final class GrabberInternals {

    private static final Method PROCESS_SAMPLES;
    private static final Field PICTURE;

    static {
        try {
            PROCESS_SAMPLES = FFmpegFrameGrabber.class.getDeclaredMethod("processSamples");
            PROCESS_SAMPLES.setAccessible(true);
            PICTURE = FFmpegFrameGrabber.class.getDeclaredField("picture");
            PICTURE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("JavaCV " + FFmpegFrameGrabber.class.getPackage().getImplementationVersion()
                    + " lacks FFmpegFrameGrabber.processSamples()/picture that ChunkDecoder needs (built for 1.5.12): " + e);
        }
    }

    private GrabberInternals() {}

    /** Resamples the audio frame just grabbed into {@code frame.samples}, as grabFrame would with processing on. */
    static void processSamples(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
        try {
            PROCESS_SAMPLES.invoke(grabber);
        } catch (InvocationTargetException e) {
            throw new FrameGrabber.Exception("audio conversion failed: " + e.getCause().getMessage(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded picture of the video frame just grabbed; valid until the next grab. */
    static AVFrame picture(FFmpegFrameGrabber grabber) {
        try {
            return (AVFrame) PICTURE.get(grabber);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
