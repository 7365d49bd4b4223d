package io.storagedrivers.sharedlvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.sharedlvm.copy.CopyPlacement;
import io.storagedrivers.sharedlvm.lvm.LvInfo;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.VolumeRef;

/**
 * Where {@link DataOps} moves bytes: the candidates {@link CopyPlacement} names for a volume (the
 * preferred host, COPY_HOST, the frontend), reduced to the first one that can do the work now.
 */
final class DataPlaces {

    /** A machine that does data work; {@code frontend}: it is this machine (an image file is local there). */
    record Place(CommandRunner runner, boolean frontend, Map<String, List<LvInfo>> reports) {
    }

    private final HostLvm hostLvm;
    private final Runners runners;
    private final CopyPlacement placement;
    private final BooleanSupplier frontendHasDeviceMapper;

    DataPlaces(HostLvm hostLvm, Runners runners, CopyPlacement placement, BooleanSupplier frontendHasDeviceMapper) {
        this.hostLvm = hostLvm;
        this.runners = runners;
        this.placement = placement;
        this.frontendHasDeviceMapper = frontendHasDeviceMapper;
    }

    /** The machines that may do data work on {@code volume}, best first. */
    List<String> candidates(String preferredHost, VolumeRef volume) {
        try {
            return placement.candidates(preferredHost, volume.toString());
        } catch (IllegalStateException e) {
            throw new BackendException(Kind.INVALID, e.getMessage());
        }
    }

    /** The runner of a candidate: this machine's for {@code frontend}, else the host's over SSH. */
    CommandRunner runner(String place) {
        return CopyPlacement.FRONTEND.equals(place) ? runners.local() : runners.host(place);
    }

    /**
     * Runs {@code work} on the first candidate that can do it: a candidate is passed over when it
     * cannot be reached at all (first contact: an lvs report; never after work started there), or
     * when it names this machine and this machine has no device-mapper (unless COPY_HOST says
     * {@code frontend} explicitly).
     */
    <T> T onFirst(List<String> places, String vg, Function<Place, T> work) {
        List<String> passed = new ArrayList<>();
        BackendException unreachable = null;
        for (String place : places) {
            CommandRunner at = runner(place);
            boolean here = at == runners.local();
            if (here && !CopyPlacement.FRONTEND.equals(place) && !frontendHasDeviceMapper.getAsBoolean()) {
                passed.add(place + " is this machine, which has no device-mapper");
                continue;
            }
            List<LvInfo> report;
            try {
                report = hostLvm.lvs(at, vg);
            } catch (BackendException e) {
                if (e.getCause() instanceof CommandFailedException cfe
                        && cfe.reason() == CommandFailedException.Reason.CONNECTION_FAILED) {
                    unreachable = e;
                    passed.add(e.getMessage());
                    continue;
                }
                throw e;
            }
            return work.apply(new Place(at, here, Map.of(vg, report)));
        }
        throw new BackendException(Kind.BACKEND_ERROR, "no machine can copy or zero LV data: "
                + String.join("; ", passed), unreachable);
    }
}
