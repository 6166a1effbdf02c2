package io.faalive.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary's means, gap shares and paired differences, on evaluation files it is given. */
class SummarizeCommandTest {

    @TempDir
    Path results;

    @Test
    void meansGapsAndPairedDifferencesAgainstFaa() throws Exception {
        write("ceiling/seed0", 84);
        write("sl/seed1", 78);
        write("sl/seed2", 80);
        write("faa/seed1", 80);
        write("faa/seed2", 82);
        write("faa/seed3", 81);
        // an ablation on two of faa's seeds, 1 and 3 below it on each
        write("no-x/seed1", 79);
        write("no-x/seed3", 78);
        String table = summarize();
        // faa: mean 81 over 3 seeds; SL 79, ceiling 84: 2 of 5 points is 40% of the gap
        assertThat(table).contains("| faa | 3 | 81.00 ± 1.00 |").contains("40% |");
        // the unpaired row mixes seeds; the paired one compares seed 1 with 1 and 3 with 3
        assertThat(table).contains("| no-x | 2 | 78.50 ± 0.71 |");
        assertThat(table).contains("| no-x | 2 | -2.00 ± 1.41 |");
        assertThat(table).contains("| sl | 2 | -2.00 ± 0.00 |");
        // FAA over SL on seeds 1 and 2, beside the paper's margins (matching: 70 on every run, so +0)
        assertThat(table).contains("| faa − sl | 2 | +2.00 ± 0.00 | +0.00 ± 0.00 | +0.00 ± 0.00 |").contains("about +3 |");
    }

    @Test
    void noMarginTableWithoutSharedSeeds() throws Exception {
        write("sl/seed1", 78);
        write("faa/seed2", 82);
        assertThat(summarize()).doesNotContain("faa − sl");
    }

    private String summarize() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            SummarizeCommand.main(new String[] {"--results", results.toString()});
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private void write(String run, double aucU) throws Exception {
        Path dir = Files.createDirectories(results.resolve(run));
        Files.writeString(dir.resolve("eval.json"), String.format(java.util.Locale.ROOT,
                "{\"verification\": {\"auc_u\": %.2f, \"auc_g\": 60}, \"matching\": {\"vf_u\": 70, \"fv_u\": 70}, \"retrieval\": {\"map_vf\": 4, \"map_fv\": 4}}", aucU));
    }
}
