package io.storagedrivers.cli.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a verb prints: named columns and rows of values. Values are {@link String}, {@link Long}
 * (sizes in bytes when the column is a size column), {@link Boolean} or {@code List<String>}.
 * {@link OutputFormat} turns it into a table, CSV or JSON, so every verb has all three.
 */
final class Table {

    /** A column: its machine name (JSON key, CSV header) and whether it holds a size in bytes. */
    record Column(String name, boolean size) {
        static Column text(String name) {
            return new Column(name, false);
        }

        static Column bytes(String name) {
            return new Column(name, true);
        }
    }

    private final List<Column> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    Table(Column... columns) {
        this.columns = List.of(columns);
    }

    Table row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values for " + columns.size() + " columns");
        }
        rows.add(Arrays.asList(values));
        return this;
    }

    List<Column> columns() {
        return columns;
    }

    List<List<Object>> rows() {
        return rows;
    }
}
