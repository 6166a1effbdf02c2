package io.faalive.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One package per pipeline stage, without cycles between them; a stage reads the records of
 * earlier stages only; the shared packages (config, models) know no stage; the job reaches the
 * models only through the runtime (io.faalive.serving), never the lab's training and evaluation code.
 */
@AnalyzeClasses(packages = "io.faalive.job", importOptions = ImportOption.DoNotIncludeTests.class)
class JobArchitectureTest {

    /** The stage packages in pipeline order. */
    private static final List<String> STAGES = List.of("source", "deadletter", "ingest", "decode", "faces", "tracks",
            "speech", "sync", "associate", "sink");

    @ArchTest
    static final ArchRule stagePackagesAreFreeOfCycles = slices().matching("io.faalive.job.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule stagesDependOnlyOnEarlierStages = CompositeArchRule.of(laterStagesUnknownTo());

    @ArchTest
    static final ArchRule sharedPackagesKnowNoStage = noClasses().that().resideInAnyPackage("..job.config..", "..job.models..")
            .should().dependOnClassesThat().resideInAnyPackage(STAGES.stream().map(s -> "..job." + s + "..").toArray(String[]::new));

    @ArchTest
    static final ArchRule theJobUsesNoLabCode = noClasses().that().resideInAPackage("io.faalive.job..")
            .should().dependOnClassesThat().resideInAPackage("io.faalive.lab..");

    private static List<ArchRule> laterStagesUnknownTo() {
        List<ArchRule> rules = new ArrayList<>();
        for (int i = 0; i < STAGES.size() - 1; i++) {
            String[] later = STAGES.subList(i + 1, STAGES.size()).stream().map(s -> "..job." + s + "..").toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage("..job." + STAGES.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(later)
                    .as("stage " + STAGES.get(i) + " does not depend on the later stages " + Arrays.toString(later)));
        }
        return rules;
    }
}
