package io.xaa.keycloak.store.jpa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The realm groups of one realm by path, built from their rows, for migrating required groups stored as paths
 * to ids. Names may contain '/', so two groups can share a path; such a path names no single group.
 * A path is indexed both as Keycloak writes it by default and with '/' in names escaped as "~/"
 * (its {@code escapeSlashesInGroupPath} option), so a path saved under either setting is found.
 */
final class GroupPathIndex {

    /** One row of KEYCLOAK_GROUP; {@code parentId} null or blank for a top-level group. */
    record Group(String id, String name, String parentId) {
    }

    private final Map<String, Set<String>> idsByPath = new HashMap<>();

    GroupPathIndex(List<Group> groups) {
        Map<String, Group> byId = new HashMap<>();
        groups.forEach(group -> byId.put(group.id(), group));
        for (Group group : groups) {
            names(group, byId).ifPresent(names -> {
                add(path(names, false), group.id());
                add(path(names, true), group.id());
            });
        }
    }

    /** The one group at {@code path} (leading '/' optional, trailing '/' ignored); empty if none or several. */
    Optional<String> idOf(String path) {
        String normalized = path.startsWith("/") ? path : "/" + path;
        if (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        Set<String> ids = idsByPath.getOrDefault(normalized, Set.of());
        return ids.size() == 1 ? Optional.of(ids.iterator().next()) : Optional.empty();
    }

    private void add(String path, String id) {
        idsByPath.computeIfAbsent(path, key -> new HashSet<>()).add(id);
    }

    /** The names from the top down; empty for a group whose chain of parents is broken or loops. */
    private static Optional<List<String>> names(Group group, Map<String, Group> byId) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Group current = group; current != null; ) {
            if (!seen.add(current.id())) {
                return Optional.empty();
            }
            names.add(current.name());
            String parent = current.parentId();
            if (parent == null || parent.isBlank()) {
                Collections.reverse(names);
                return Optional.of(names);
            }
            current = byId.get(parent);
        }
        return Optional.empty();
    }

    private static String path(List<String> names, boolean escapeSlashes) {
        StringBuilder path = new StringBuilder();
        for (String name : names) {
            path.append('/').append(escapeSlashes ? name.replace("/", "~/") : name);
        }
        return path.toString();
    }
}
