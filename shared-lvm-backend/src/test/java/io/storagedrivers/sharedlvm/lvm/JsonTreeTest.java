package io.storagedrivers.sharedlvm.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** JsonTree gives ObjectMapper.readTree's trees and errors (LvmReport's reader before). */
class JsonTreeTest {
    private static final ObjectMapper BEFORE = new ObjectMapper();

    @Test
    void treesAndErrorsAreObjectMappers() {
        for (String json : List.of(
                "{\"report\":[{\"lv\":[{\"lv_name\":\"a\",\"lv_size\":\"8388608\"},{\"lv_name\":\"b\",\"lv_size\":\"0\"}]}]}",
                "{\"report\":[{\"vg\":[]}],\"log\":[{\"log_seq_num\":\"1\",\"log_type\":\"status\"}]}",
                "  {\"a\":1,\"b\":-2,\"c\":12345678901,\"d\":123456789012345678901234567890,\"e\":1.5,\"f\":-1e300}\n",
                "{\"a\":true,\"b\":false,\"c\":null,\"d\":{},\"e\":[],\"f\":[[1,[2]],{\"g\":[]}]}",
                "{\"a\":\"1\",\"a\":\"2\"}", "[1,2]", "\"text\"", "42", "null", "true", "{\"u\":\"\\u00fc\\n\"}",
                "{} trailing", "{\"a\":1}{\"b\":2}",
                "{", "{\"a\":}", "[1,", "{\"a\" 1}", "nope", "{\"a\":01}", "{'a':1}", "{\"a\":NaN}", "]")) {
            assertEquals(read(() -> BEFORE.readTree(json)), read(() -> JsonTree.read(json)), json);
        }
    }

    @FunctionalInterface
    private interface Read {
        Object read() throws Exception;
    }

    private static String read(Read r) {
        try {
            Object tree = r.read();
            return tree == null ? "null tree" : tree.getClass().getSimpleName() + " " + tree;
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
