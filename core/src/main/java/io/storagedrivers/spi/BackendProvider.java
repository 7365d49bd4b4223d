package io.storagedrivers.spi;

import java.net.URI;
import java.util.Map;

/**
 * Creates a backend from a URI ({@code lvm://vg}, {@code linstor://host:3370}, {@code sim:///path}).
 * Found with {@link java.util.ServiceLoader} (META-INF/services/io.storagedrivers.spi.BackendProvider),
 * so every fat jar offers the backends it contains. Secrets never travel in the URI: they come
 * from {@code settings} (config file or environment).
 */
public interface BackendProvider {

    /** URI schemes this provider handles, e.g. {@code lvm}, {@code linstor}, {@code linstor+ssl}. */
    java.util.Set<String> schemes();

    VolumeBackend open(URI uri, Map<String, String> settings);
}
