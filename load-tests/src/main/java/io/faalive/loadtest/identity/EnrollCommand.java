package io.faalive.loadtest.identity;

import io.faalive.job.config.KafkaOptions;
import io.faalive.job.config.PerceptionSettings;
import io.faalive.job.config.TopicOptions;
import io.faalive.loadtest.cli.SettingsCommand;
import io.faalive.schemas.Enrollment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code bin/faa enroll}: adds a person to the enrolled gallery, or removes one. The vectors come
 * from the job's own encoders ({@link Enroller}); the record goes to the compacted enrollments
 * topic (the running job picks it up) or, with {@code --out}, to a gallery file that
 * {@code bin/faa analyze --gallery} and the job's {@code faa.identity.gallery} read.
 */
@Command(name = "enroll", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Enrolls a person (face from photos or a video, voice from recordings or a video) into the gallery: "
                + "the enrollments topic, or a gallery file with --out. --delete ID removes a person. An id already "
                + "enrolled is refused unless --replace is given.")
public final class EnrollCommand extends SettingsCommand {

    static final class Action {
        @Option(names = "--person", paramLabel = "ID", description = "The person's id (letters, digits, '.', '_', '-').")
        String person;

        @Option(names = "--delete", paramLabel = "ID", description = "Remove this person instead.")
        String delete;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the id).")
    String name;

    @Option(names = "--photo", paramLabel = "FILE", description = "A photo of the person's face (the largest face is taken).")
    List<Path> photos = new ArrayList<>();

    @Option(names = "--voice", paramLabel = "FILE", description = "A recording of the person speaking (any audio or video file).")
    List<Path> voices = new ArrayList<>();

    @Option(names = "--video", paramLabel = "FILE", description = "A video of the person alone, speaking: gives both face and voice.")
    List<Path> videos = new ArrayList<>();

    @Option(names = "--replace", description = "Replace the person if already enrolled.")
    boolean replace;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this gallery file (JSON lines) instead of Kafka.")
    Path out;

    public EnrollCommand() {}

    @Override
    public Integer call() throws Exception {
        String id = action.delete != null ? action.delete : action.person;
        if (!id.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new ParameterException(spec.commandLine(), "person id '" + id + "' must be 1-128 letters, digits, '.', '_' or '-'");
        }
        GalleryStore store = out != null ? GalleryStore.file(out)
                : GalleryStore.kafka(conf.get(KafkaOptions.BOOTSTRAP_SERVERS), conf.get(TopicOptions.TOPIC_ENROLLMENTS), conf);
        Map<String, Enrollment> gallery = store.read();
        if (action.delete != null) {
            if (!photos.isEmpty() || !voices.isEmpty() || !videos.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--delete takes no --photo, --voice or --video");
            }
            if (!gallery.containsKey(id)) {
                throw new IllegalArgumentException("nobody is enrolled as " + id + " in " + store);
            }
            store.delete(id);
            System.err.println("enroll: removed " + id + " from " + store);
            return 0;
        }
        if (photos.isEmpty() && voices.isEmpty() && videos.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give at least one --photo, --voice or --video");
        }
        if (gallery.containsKey(id) && !replace) {
            throw new IllegalArgumentException(id + " is already enrolled in " + store + " (--replace to replace them)");
        }
        Enrollment record;
        try (Enroller enroller = new Enroller(PerceptionSettings.from(conf))) {
            record = enroller.enroll(id, name != null ? name : id, photos, voices, videos);
        }
        store.put(record);
        System.err.printf("enroll: %s (%s) -> %s: face from %d photo(s) and %d video(s), voice from %d recording(s)%n", id,
                record.getDisplayName(), store, photos.size(), videos.size(), voices.size() + videos.size());
        return 0;
    }
}
