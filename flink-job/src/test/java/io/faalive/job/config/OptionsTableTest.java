package io.faalive.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the option classes' own, so the two cannot disagree. */
class OptionsTableTest {

    @Test
    void theReadmeHoldsTheGeneratedTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(OptionsTable.START);
        int end = readme.indexOf(OptionsTable.END);
        assertThat(start).as("the README marks its generated options table").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String inReadme = readme.substring(start, end + OptionsTable.END.length() + 1);
        assertThat(inReadme).as("README's options table; regenerate it with bin/faa options").isEqualTo(OptionsTable.markdown());
    }

    @Test
    void everyOptionIsInTheTable() {
        String table = OptionsTable.markdown();
        assertThat(FaaOptions.all()).allSatisfy(o -> assertThat(table).contains("| `" + o.key() + "` |"));
    }
}
