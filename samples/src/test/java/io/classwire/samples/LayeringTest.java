package io.classwire.samples;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The module layering of ARCHITECTURE.md, checked on the compiled classes: the core knows nothing of media or
 * interaction, and media and interaction know nothing of each other. Lives in samples because only samples sees all
 * three modules on its class path.
 */
class LayeringTest
{
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses()
    {
        classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.classwire");
    }

    @Test
    void shouldImportAllThreeSdkLayers()
    {
        assertFalse(classes.that(com.tngtech.archunit.base.DescribedPredicate.describe(
            "in core", c -> c.getPackageName().startsWith("io.classwire.core"))).isEmpty());
        assertFalse(classes.that(com.tngtech.archunit.base.DescribedPredicate.describe(
            "in media", c -> c.getPackageName().startsWith("io.classwire.media"))).isEmpty());
        assertFalse(classes.that(com.tngtech.archunit.base.DescribedPredicate.describe(
            "in interaction", c -> c.getPackageName().startsWith("io.classwire.interaction"))).isEmpty());
    }

    @Test
    void coreShouldDependOnNeitherMediaNorInteraction()
    {
        noClasses().that().resideInAPackage("io.classwire.core..")
            .should().dependOnClassesThat().resideInAnyPackage("io.classwire.media..", "io.classwire.interaction..")
            .check(classes);
    }

    @Test
    void mediaShouldNotDependOnInteraction()
    {
        noClasses().that().resideInAPackage("io.classwire.media..")
            .should().dependOnClassesThat().resideInAPackage("io.classwire.interaction..")
            .check(classes);
    }

    @Test
    void interactionShouldNotDependOnMedia()
    {
        noClasses().that().resideInAPackage("io.classwire.interaction..")
            .should().dependOnClassesThat().resideInAPackage("io.classwire.media..")
            .check(classes);
    }

    @Test
    void coreShouldNotDependOnSamplesOrBenchmarks()
    {
        noClasses().that().resideInAnyPackage("io.classwire.core..", "io.classwire.media..", "io.classwire.interaction..")
            .should().dependOnClassesThat().resideInAnyPackage("io.classwire.samples..", "io.classwire.benchmarks..")
            .check(classes);
    }
}
