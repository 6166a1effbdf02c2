package io.faalive.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** flink-job/CONFIGURATION.md's table is the option classes' own, so the two cannot disagree. */
class OptionsTableTest {

    @Test
    void theConfigurationPageHoldsTheGeneratedTable() throws IOException {
        String page = Files.readString(Path.of("CONFIGURATION.md"));
        int start = page.indexOf(OptionsTable.START);
        int end = page.indexOf(OptionsTable.END);
        assertThat(start).as("CONFIGURATION.md marks its generated options table").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String inPage = page.substring(start, end + OptionsTable.END.length() + 1);
        assertThat(inPage).as("CONFIGURATION.md's options table; regenerate it with bin/faa options").isEqualTo(OptionsTable.markdown());
    }

    @Test
    void everyOptionIsInTheTable() {
        String table = OptionsTable.markdown();
        assertThat(FaaOptions.all()).allSatisfy(o -> assertThat(table).contains("| `" + o.key() + "` |"));
    }
}
