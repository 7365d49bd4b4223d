package io.storagedrivers.sharedlvm.one;

import io.storagedrivers.testsupport.TestBed;

/** The test bed's namespace hosts by position (host1, host2). */
final class TestBedHosts {
    private TestBedHosts() {
    }

    static String first() {
        return TestBed.require().hosts().get(0);
    }

    static String second() {
        return TestBed.require().hosts().get(1);
    }
}
