package io.faalive.serving.vision;

/**
 * One face in one frame, ready for tracking and embedding: its box, five alignment points,
 * the 68 landmarks (null when no landmark model ran), the mouth aperture
 * ({@link MouthAperture}), the quality scores and the aligned 112x112 crop.
 */
public record FaceObservation(FaceBox box, float[] landmarks5, float[] landmarks68, float mouthOpening,
        FaceQuality.Score quality, BgrImage aligned) {}
