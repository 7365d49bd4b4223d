package io.storagedrivers.one;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of {@code onevm show -x} (or the migrate actions' stdin) the actions use.
 *
 * @param lcmState     LCM_STATE (see {@link LcmState})
 * @param disks        the template's DISKs (CONTEXT is not a DISK)
 * @param lastHostname HOSTNAME of the last HISTORY record, "" when the VM never ran
 * @param lastDsId     DS_ID (system datastore) of the last HISTORY record, -1 when none
 */
public record OneVm(int id, String name, int state, int lcmState, List<OneDisk> disks, String lastHostname,
                    int lastDsId) {

    public OneVm {
        disks = List.copyOf(disks);
    }

    static OneVm from(JsonNode n) {
        String w = "VM";
        int id = OneXml.intValue(n, "ID", w, -1);
        if (id < 0) {
            throw new OneException("VM/ID is missing");
        }
        List<OneDisk> disks = new ArrayList<>();
        JsonNode template = n.get("TEMPLATE");
        for (JsonNode d : OneXml.list(template, "DISK")) {
            disks.add(OneDisk.from(d));
        }
        List<JsonNode> history = OneXml.list(n.get("HISTORY_RECORDS"), "HISTORY");
        JsonNode last = history.isEmpty() ? null : history.get(history.size() - 1);
        return new OneVm(id, OneXml.text(n, "NAME", w),
                OneXml.intValue(n, "STATE", w, -1),
                OneXml.intValue(n, "LCM_STATE", w, -1),
                disks,
                last == null ? "" : OneXml.text(last, "HOSTNAME", "HISTORY"),
                last == null ? -1 : OneXml.intValue(last, "DS_ID", "HISTORY", -1));
    }

    public Optional<OneDisk> disk(int diskId) {
        return disks.stream().filter(d -> d.diskId() == diskId).findFirst();
    }

    /** The disk or a clear error naming the VM and disk. */
    public OneDisk requireDisk(int diskId) {
        return disk(diskId).orElseThrow(() -> new OneException("VM " + id + " has no DISK with DISK_ID " + diskId));
    }
}
