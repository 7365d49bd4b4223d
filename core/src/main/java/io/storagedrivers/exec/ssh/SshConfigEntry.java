package io.storagedrivers.exec.ssh;

import java.util.List;

/** One keyword line of an SSH config, with the Host patterns of the block it is in (null = every host). */
record SshConfigEntry(List<String> patterns, String keyword, List<String> args) {
}
