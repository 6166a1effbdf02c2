package io.faalive.lab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The lab builds on the runtime, never the other way: datasets at the bottom, then evaluation,
 * synthetic worlds and training, the commands on top; the runtime (io.faalive.serving) never
 * reaches into the lab, and the lab never into Flink or the job.
 */
@AnalyzeClasses(packages = {"io.faalive.lab", "io.faalive.serving"}, importOptions = ImportOption.DoNotIncludeTests.class)
class LabArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.faalive.lab.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dependenciesRunDownward = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("runtime").definedBy("io.faalive.serving..")
            .layer("data").definedBy("..lab.data..")
            .layer("research").definedBy("..lab.eval..", "..lab.synth..", "..lab.train..", "..lab.bench..")
            .layer("commands").definedBy("..lab.cli..")
            .whereLayer("commands").mayNotBeAccessedByAnyLayer()
            .whereLayer("research").mayOnlyBeAccessedByLayers("commands")
            .whereLayer("data").mayOnlyBeAccessedByLayers("research", "commands")
            .whereLayer("runtime").mayOnlyBeAccessedByLayers("data", "research", "commands");

    @ArchTest
    static final ArchRule labKnowsNoFlinkOrJob = noClasses().that().resideInAPackage("io.faalive.lab..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "io.faalive.job..");
}
