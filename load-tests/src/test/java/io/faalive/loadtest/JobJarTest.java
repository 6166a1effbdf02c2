package io.faalive.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The job jar a cluster runs holds the job and the model runtime, and none of the lab
 * (training, evaluation, synthetic worlds, the model commands, chart code). Runs after
 * flink-job has packaged it (this module builds later in the reactor).
 */
class JobJarTest {

    @Test
    void theJobJarHoldsTheRuntimeAndNoLabClass() throws IOException {
        Path target = Path.of("..", "flink-job", "target");
        List<Path> jars;
        try (Stream<Path> files = Files.list(target)) {
            jars = files.filter(p -> p.getFileName().toString().matches("faa-flink-job-.*-job\\.jar")).toList();
        }
        assertThat(jars).as("the job jar in " + target.toAbsolutePath().normalize() + " (mvn package builds it)").hasSize(1);
        try (ZipFile jar = new ZipFile(jars.get(0).toFile())) {
            List<String> classes = jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).toList();
            assertThat(classes).as("the job, its runtime models and the schemas are in")
                    .contains("io/faalive/job/FaaJob.class", "io/faalive/serving/faa/FaaScorer.class",
                            "io/faalive/serving/speaker/XVectorEmbedder.class", "io/faalive/schemas/PerceptionWindow.class");
            assertThat(classes).as("no lab class").noneMatch(n -> n.startsWith("io/faalive/lab/"));
            assertThat(classes).as("no chart or command-line library").noneMatch(n -> n.startsWith("org/knowm/xchart/") || n.startsWith("picocli/"));
        }
    }
}
