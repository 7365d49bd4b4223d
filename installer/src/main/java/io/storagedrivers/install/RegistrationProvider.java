package io.storagedrivers.install;

/**
 * A driver's oned.conf registration, found by {@link java.util.ServiceLoader}: each driver jar
 * lists its implementation in {@code META-INF/services/io.storagedrivers.install.RegistrationProvider}.
 * A new driver adds its own; the oned.conf editor and install.sh stay as they are.
 */
public interface RegistrationProvider {
    DriverRegistration registration();
}
