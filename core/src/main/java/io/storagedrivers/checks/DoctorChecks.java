package io.storagedrivers.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A driver's contribution to {@code doctor}: the checks of its storage on the node doctor runs
 * on and on every host it reaches over SSH. Found with {@link ServiceLoader}
 * ({@code META-INF/services/io.storagedrivers.checks.DoctorChecks} in the driver's module), so the
 * admin CLI and the core know no driver by name; a third backend adds its own.
 *
 * <p>One instance per doctor run ({@link #installed()} loads fresh ones): {@link #here} runs first,
 * then {@link #host} once per host, so an instance may remember what earlier nodes answered.
 * Every line goes to the node's {@link DoctorNode#report}.
 */
public interface DoctorChecks {

    /** Checks of the node doctor runs on (the frontend, a Cinder node). */
    void here(DoctorRequest request, DoctorNode here);

    /**
     * Checks of one host, already reached over SSH with a verified host key ({@link Doctor} reported
     * that line); {@code here} is the node doctor runs on, to clean up from there.
     */
    void host(DoctorRequest request, DoctorNode host, DoctorNode here);

    /** Fresh instances of every contribution on the class path, in a stable order (by class name). */
    static List<DoctorChecks> installed() {
        List<DoctorChecks> all = new ArrayList<>();
        ServiceLoader.load(DoctorChecks.class).forEach(all::add);
        all.sort(java.util.Comparator.comparing(c -> c.getClass().getName()));
        return all;
    }
}
