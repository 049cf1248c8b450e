package io.xaa.keycloak.store.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads every changelog the way MariaDB would see it (changesets limited to other databases are skipped) and
 * checks what MariaDB/MySQL refuse: an index or key longer than 3072 bytes, or a row longer than 65535 bytes, at
 * 4 bytes per character (utf8mb4).
 */
final class ChangelogPortabilityTest {

    private static final String MASTER = "META-INF/xaa/changelog-master.xml";
    private static final int MAX_KEY_BYTES = 3072;
    private static final int MAX_ROW_BYTES = 65535;
    private static final int BYTES_PER_CHAR = 4;
    private static final Pattern VARCHAR = Pattern.compile("N?VARCHAR\\((\\d+)\\)");
    private static final Map<String, Integer> FIXED_SIZE_TYPES = Map.of("BIGINT", 8, "INT", 4, "BOOLEAN", 1);
    /** Large objects: portable through Liquibase's type mapping, never part of a key. */
    private static final List<String> LOB_TYPES = List.of("NCLOB", "CLOB", "TEXT");

    @Test
    @DisplayName("no index, unique key or primary key exceeds MariaDB's 3072-byte key length, and every column type is portable")
    void keysFitMariaDb() throws Exception {
        assertEquals(List.of(), read().problems);
    }

    @Test
    @DisplayName("no table's row exceeds MariaDB's 65535-byte row size (large objects are stored off-row)")
    void rowsFitMariaDb() throws Exception {
        List<String> problems = new ArrayList<>();
        read().tables.forEach((table, columns) -> {
            int bytes = columns.values().stream().filter(size -> size != null).mapToInt(Integer::intValue).sum();
            if (bytes > MAX_ROW_BYTES) {
                problems.add(table + " rows take up to " + bytes + " bytes");
            }
        });
        assertEquals(List.of(), problems);
    }

    /** The tables as MariaDB gets them: column sizes in bytes (null for large objects), and the problems found. */
    private record Schema(Map<String, Map<String, Integer>> tables, List<String> problems) {
    }

    private static Schema read() throws Exception {
        Schema schema = new Schema(new HashMap<>(), new ArrayList<>());
        for (String file : includes()) {
            for (Element changeSet : children(parse(file).getDocumentElement(), "changeSet")) {
                if (!runsOn(changeSet, "mariadb")) {
                    continue;
                }
                List<Element> replacements = children(changeSet, "modifySql").stream()
                        .filter(modifySql -> runsOn(modifySql, "mariadb"))
                        .flatMap(modifySql -> children(modifySql, "replace").stream()).toList();
                String where = file + " " + changeSet.getAttribute("id");
                for (Element change : children(changeSet, null)) {
                    collect(change, replacements, schema, where);
                }
            }
        }
        assertFalse(schema.tables.isEmpty(), "no table found: the parser does not read the changelogs");
        return schema;
    }

    private static void collect(Element change, List<Element> replacements, Schema schema, String where) {
        Map<String, Map<String, Integer>> tables = schema.tables;
        List<String> problems = schema.problems;
        String table = change.getAttribute("tableName");
        switch (change.getTagName()) {
            case "createTable", "addColumn" -> {
                for (Element column : children(change, "column")) {
                    String name = column.getAttribute("name");
                    String type = typeOnMariaDb(name, column.getAttribute("type"), replacements);
                    Integer bytes = keyBytes(type);
                    if (bytes == null && !LOB_TYPES.contains(type.toUpperCase(Locale.ROOT))) {
                        problems.add(where + ": " + table + "." + name + " has a type not known to be portable: " + type);
                    }
                    tables.computeIfAbsent(table, t -> new HashMap<>()).put(name, bytes);
                    for (Element constraints : children(column, "constraints")) {
                        if (Boolean.parseBoolean(constraints.getAttribute("primaryKey"))) {
                            check(tables, table, List.of(name), where, problems);
                        }
                    }
                }
            }
            case "addUniqueConstraint", "addPrimaryKey" ->
                    check(tables, table, Arrays.stream(change.getAttribute("columnNames").split(",")).map(String::trim).toList(), where, problems);
            case "createIndex" ->
                    check(tables, table, children(change, "column").stream().map(column -> column.getAttribute("name")).toList(), where, problems);
            default -> {
            }
        }
    }

    /** A changeset's modifySql for MariaDB rewrites the generated "NAME TYPE" of a column. */
    private static String typeOnMariaDb(String name, String type, List<Element> replacements) {
        String definition = name + " " + type;
        for (Element replace : replacements) {
            definition = definition.replace(replace.getAttribute("replace"), replace.getAttribute("with"));
        }
        return definition.substring(name.length() + 1);
    }

    private static void check(Map<String, Map<String, Integer>> tables, String table, List<String> columns, String where, List<String> problems) {
        int bytes = 0;
        for (String column : columns) {
            Integer size = tables.getOrDefault(table, Map.of()).get(column);
            if (size == null) {
                problems.add(where + ": key on " + table + "." + column + ", a column of unknown or unbounded size");
                return;
            }
            bytes += size;
        }
        if (bytes > MAX_KEY_BYTES) {
            problems.add(where + ": key on " + table + " " + columns + " takes " + bytes + " bytes");
        }
    }

    private static Integer keyBytes(String type) {
        String upper = type.toUpperCase(Locale.ROOT).replace(" ", "");
        Matcher varchar = VARCHAR.matcher(upper);
        if (varchar.matches()) {
            return Integer.parseInt(varchar.group(1)) * BYTES_PER_CHAR;
        }
        return FIXED_SIZE_TYPES.get(upper);
    }

    /** Liquibase's dbms attribute: a comma-separated list, "!" excludes, "all"/"none" as usual. */
    private static boolean runsOn(Element element, String dbms) {
        String attribute = element.getAttribute("dbms").trim();
        if (attribute.isEmpty()) {
            return true;
        }
        List<String> listed = Arrays.stream(attribute.split(",")).map(String::trim).toList();
        if (listed.contains("!" + dbms) || listed.contains("none")) {
            return false;
        }
        return listed.contains(dbms) || listed.contains("all") || listed.stream().allMatch(value -> value.startsWith("!"));
    }

    private static List<String> includes() throws Exception {
        List<String> files = children(parse(MASTER).getDocumentElement(), "include").stream()
                .map(include -> include.getAttribute("file")).toList();
        assertTrue(files.size() >= 4, "changelog-master.xml includes " + files);
        return files;
    }

    private static org.w3c.dom.Document parse(String resource) throws Exception {
        try (InputStream in = ChangelogPortabilityTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    /** Element children, all or those with the given tag. */
    private static List<Element> children(Node parent, String tag) {
        List<Element> elements = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && (tag == null || element.getTagName().equals(tag))) {
                elements.add(element);
            }
        }
        return elements;
    }
}
