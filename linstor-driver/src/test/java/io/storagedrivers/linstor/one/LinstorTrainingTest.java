package io.storagedrivers.linstor.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.storagedrivers.one.cds.CdsTraining;

/** linstor-driver.jar's cds-train: every step runs; no controller is asked (none can be). */
class LinstorTrainingTest {

    @Test
    void everyStepRunsAndNoControllerIsAsked() {
        CdsTraining.Result r = CdsTraining.run(LinstorTraining.driver());
        assertEquals(List.of(), r.failed());
        assertEquals(15, r.exits().size(), r.exits().toString());
        assertTrue(r.asked().stream().allMatch(a -> a.startsWith("local: one") || a.startsWith("host")),
                r.asked().toString());
    }
}
