package io.ringkv.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers, each depending only on those below it (docs/architecture.md draws
 * them), and no package depends on itself through others.
 */
class LayeringTest {
    private static final String MODEL = "data model";
    private static final String PROTOCOL = "protocol";
    private static final String PORTS = "ports";
    private static final String PLACEMENT_AND_STORAGE = "placement and storage";
    private static final String REPLICATION = "replication";
    private static final String COORDINATION = "coordination";
    private static final String NODE = "node assembly";
    private static final String EDGE = "edge";

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ringkv");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.ringkv.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void eachLayerDependsOnlyOnTheLayersBelowIt() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer(MODEL)
                .definedBy("io.ringkv.kv..", "io.ringkv.hash..")
                .layer(PROTOCOL)
                .definedBy("io.ringkv.protocol..")
                .layer(PORTS)
                .definedBy("io.ringkv.port..")
                .layer(PLACEMENT_AND_STORAGE)
                .definedBy("io.ringkv.ring..", "io.ringkv.storage..")
                .layer(REPLICATION)
                .definedBy(
                        "io.ringkv.replica..",
                        "io.ringkv.handoff..",
                        "io.ringkv.repair..",
                        "io.ringkv.membership..",
                        "io.ringkv.transfer..")
                .layer(COORDINATION)
                .definedBy("io.ringkv.coordinator..")
                .layer(NODE)
                .definedBy("io.ringkv.node..")
                .layer(EDGE)
                .definedBy("io.ringkv.server..", "io.ringkv.cli..")
                .whereLayer(MODEL)
                .mayNotAccessAnyLayer()
                .whereLayer(PROTOCOL)
                .mayOnlyAccessLayers(MODEL)
                .whereLayer(PORTS)
                .mayOnlyAccessLayers(MODEL, PROTOCOL)
                .whereLayer(PLACEMENT_AND_STORAGE)
                .mayOnlyAccessLayers(MODEL, PROTOCOL, PORTS)
                .whereLayer(REPLICATION)
                .mayOnlyAccessLayers(MODEL, PROTOCOL, PORTS, PLACEMENT_AND_STORAGE)
                .whereLayer(COORDINATION)
                .mayOnlyAccessLayers(MODEL, PROTOCOL, PORTS, PLACEMENT_AND_STORAGE, REPLICATION)
                .whereLayer(NODE)
                .mayOnlyAccessLayers(MODEL, PROTOCOL, PORTS, PLACEMENT_AND_STORAGE, REPLICATION, COORDINATION)
                .check(classes);
    }

    /** The node's parts, which only {@link io.ringkv.node.NodeAssembly} builds. */
    private static final Set<String> PARTS = Set.of(
            "io.ringkv.replica.ReplicaStore",
            "io.ringkv.replica.ReplicaService",
            "io.ringkv.replica.BucketCatalog",
            "io.ringkv.handoff.HintWindow",
            "io.ringkv.handoff.HintedHandoff",
            "io.ringkv.coordinator.Coordinator",
            "io.ringkv.coordinator.BatchingTransport",
            "io.ringkv.repair.PurgeHorizon",
            "io.ringkv.repair.PartitionDigests",
            "io.ringkv.repair.AntiEntropy",
            "io.ringkv.membership.Claimant",
            "io.ringkv.transfer.RangeSource",
            "io.ringkv.transfer.RangeSizes",
            "io.ringkv.transfer.RangeDropper",
            "io.ringkv.transfer.TransferScheduler",
            "io.ringkv.transfer.TransferWork");
    /** The node's files, which only the assembly opens. */
    private static final Set<String> OPENED = Set.of(
            "io.ringkv.storage.StorageEngine",
            "io.ringkv.handoff.HintLog",
            "io.ringkv.repair.RepairLedger",
            "io.ringkv.replica.BucketCatalog");

    @Test
    void theNodeIsAssembledInOnePlace() {
        DescribedPredicate<JavaAccess<?>> aPartOfTheNode = DescribedPredicate.describe(
                "a constructor of a part of the node, or the opening of its files",
                access -> aPart(access.getTarget()));
        noClasses()
                .that()
                .resideOutsideOfPackages("io.ringkv.node..")
                .and()
                .resideOutsideOfPackages(
                        "io.ringkv.replica..",
                        "io.ringkv.handoff..",
                        "io.ringkv.coordinator..",
                        "io.ringkv.repair..",
                        "io.ringkv.membership..",
                        "io.ringkv.transfer..",
                        "io.ringkv.storage..")
                .should()
                .accessTargetWhere(aPartOfTheNode)
                .because("the server, the simulation and the tests assemble a node through NodeAssembly alone")
                .check(classes);
    }

    private static boolean aPart(AccessTarget target) {
        return (target instanceof AccessTarget.ConstructorCallTarget
                        && PARTS.contains(target.getOwner().getName()))
                || (target instanceof AccessTarget.MethodCallTarget
                        && (target.getName().equals("open") || target.getName().equals("load"))
                        && OPENED.contains(target.getOwner().getName()));
    }
}
