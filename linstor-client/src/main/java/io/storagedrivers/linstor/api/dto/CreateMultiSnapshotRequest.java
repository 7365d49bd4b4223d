package io.storagedrivers.linstor.api.dto;

import java.util.List;

/** POST /v1/actions/snapshot/multi: one snapshot of each resource, IO suspended on all of them together (REST 1.18). */
public record CreateMultiSnapshotRequest(List<Snapshot> snapshots) {
}
