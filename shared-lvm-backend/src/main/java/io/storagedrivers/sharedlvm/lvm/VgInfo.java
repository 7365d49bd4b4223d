package io.storagedrivers.sharedlvm.lvm;

/** One row of {@link LvmCommands#vgs}. Sizes in bytes. */
public record VgInfo(String name, String uuid, long sizeBytes, long freeBytes, long extentSizeBytes, long lvCount) {
}
