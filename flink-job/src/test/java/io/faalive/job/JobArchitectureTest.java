package io.faalive.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * One package per pipeline stage, without cycles between them; the job reaches the models only
 * through the runtime (io.faalive.serving), never the lab's training and evaluation code.
 */
@AnalyzeClasses(packages = "io.faalive.job", importOptions = ImportOption.DoNotIncludeTests.class)
class JobArchitectureTest {

    @ArchTest
    static final ArchRule stagePackagesAreFreeOfCycles = slices().matching("io.faalive.job.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule stagesDependOnlyOnEarlierStages = noClasses().that().resideInAnyPackage("..job.ingest..", "..job.decode..")
            .should().dependOnClassesThat().resideInAnyPackage("..job.perception..", "..job.sink..");

    @ArchTest
    static final ArchRule theJobUsesNoLabCode = noClasses().that().resideInAPackage("io.faalive.job..")
            .should().dependOnClassesThat().resideInAPackage("io.faalive.lab..");
}
