package dev.switchboard.example;

/** The conformance kit on three nodes: clients go to node 1, 2, 3, 1, ... in each scenario. */
class ThreeNodeClusterConformanceTest extends ClusterConformanceTest {

    @Override
    protected int nodeCount() {
        return 3;
    }
}
