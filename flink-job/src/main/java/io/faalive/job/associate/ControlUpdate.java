package io.faalive.job.associate;

/**
 * What the association's broadcast input carries: a change to the gallery or a model request
 * (exactly one of the two is set).
 */
public record ControlUpdate(GalleryUpdate gallery, ModelRequest model) {

    public static ControlUpdate of(GalleryUpdate gallery) {
        return new ControlUpdate(gallery, null);
    }

    public static ControlUpdate of(ModelRequest model) {
        return new ControlUpdate(null, model);
    }
}
