package io.faalive.serving;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * What the job loads stays small and one-directional: foundations (model files, batching,
 * metrics) know no model; the models (vision, audio, speaker, sync, track, faa) know the
 * foundations and each other without cycles; only perception assembles them from a
 * configuration. Nothing here may reach Flink, the job or the lab (training, evaluation).
 */
@AnalyzeClasses(packages = "io.faalive.serving", importOptions = ImportOption.DoNotIncludeTests.class)
class RuntimeArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.faalive.serving.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dependenciesRunDownward = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("foundation").definedBy("..serving.runtime..", "..serving.inference..", "..serving.metrics..")
            .layer("models").definedBy("..serving.vision..", "..serving.audio..", "..serving.speaker..",
                    "..serving.sync..", "..serving.track..", "..serving.faa..", "..serving.associate..")
            .layer("assembly").definedBy("..serving.perception..")
            .whereLayer("assembly").mayNotBeAccessedByAnyLayer()
            .whereLayer("models").mayOnlyBeAccessedByLayers("assembly")
            .whereLayer("foundation").mayOnlyBeAccessedByLayers("models", "assembly");

    @ArchTest
    static final ArchRule runtimeKnowsNoFlinkJobOrLab = noClasses().that().resideInAPackage("io.faalive.serving..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "io.faalive.job..", "io.faalive.lab..");
}
