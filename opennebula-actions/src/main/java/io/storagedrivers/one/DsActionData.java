package io.storagedrivers.one;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A decoded {@code DS_DRIVER_ACTION_DATA} document: the IMAGE (absent for monitor), the DATASTORE,
 * and the extra single-valued elements (SOURCE_BRIDGE_LIST, DATASTORE_LOCATION, MONITOR_VM_DISKS...).
 */
public record DsActionData(Optional<OneImage> image, OneDatastore datastore, Map<String, String> extra) {

    /** More than this on stdin is not an action document (oned's are a few KB). */
    static final int MAX_INPUT = 4 * 1024 * 1024;

    public DsActionData {
        extra = Map.copyOf(extra);
    }

    /** The IMAGE or a clear error when the action needs one and oned sent none. */
    public OneImage requireImage() {
        return image.orElseThrow(() -> new OneException("the action data has no IMAGE element"));
    }

    /**
     * The document and the object id of a DS action. OpenNebula 6.8+ sends {@code id} as the only
     * argument and the base64 document on stdin; older releases sent {@code base64 id} as arguments.
     */
    public record Request(DsActionData data, String id) {
    }

    public static Request read(List<String> args, InputStream stdin) {
        if (args.size() == 1) {
            return new Request(decode(readLimited(stdin)), args.get(0));
        }
        if (args.size() == 2) {
            return new Request(decode(args.get(0)), args.get(1));
        }
        throw new OneException("expected the object id (and the action data on stdin), got " + args.size() + " arguments");
    }

    /** Decodes the base64 text exactly as oned sends it. */
    public static DsActionData decode(String base64) {
        JsonNode root = OneXml.parse(base64Text(base64, "the DS action data"), "the DS action data",
                "DS_DRIVER_ACTION_DATA");
        JsonNode ds = root.get("DATASTORE");
        if (ds == null || !ds.isObject()) {
            throw new OneException("the DS action data has no DATASTORE element");
        }
        JsonNode img = root.get("IMAGE");
        if (img != null && !img.isObject()) {
            throw new OneException("the DS action data has a malformed IMAGE element");
        }
        return new DsActionData(img == null ? Optional.empty() : Optional.of(OneImage.from(img)),
                OneDatastore.from(ds), OneXml.attributes(root));
    }

    /** Base64 → UTF-8 text; whitespace (a trailing newline) is ignored, anything else invalid is refused. */
    static String base64Text(String base64, String what) {
        if (base64 == null || base64.isBlank()) {
            throw new OneException(what + " is missing (expected base64 XML)");
        }
        try {
            byte[] raw = Base64.getDecoder().decode(base64.replaceAll("\\s+", ""));
            return new String(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new OneException(what + " is not valid base64");
        }
    }

    static String readLimited(InputStream in) {
        try {
            byte[] b = in.readNBytes(MAX_INPUT + 1);
            if (b.length > MAX_INPUT) {
                throw new OneException("stdin is larger than " + MAX_INPUT + " bytes; not an action document");
            }
            return new String(b, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new OneException("cannot read stdin: " + e.getMessage());
        }
    }

    /** A VM XML sent base64-encoded on stdin (premigrate, postmigrate, failmigrate). */
    public static OneVm decodeVm(String base64) {
        JsonNode root = OneXml.parse(base64Text(base64, "VM XML on stdin"), "the VM XML on stdin");
        return OneVm.from(root);
    }
}
