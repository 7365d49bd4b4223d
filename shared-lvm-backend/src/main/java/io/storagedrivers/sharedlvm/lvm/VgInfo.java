package io.storagedrivers.sharedlvm.lvm;

/** One row of {@link LvmReports#vgs}. Sizes in bytes. */
public record VgInfo(String name, String uuid, long sizeBytes, long freeBytes, long extentSizeBytes, long lvCount) {
}
