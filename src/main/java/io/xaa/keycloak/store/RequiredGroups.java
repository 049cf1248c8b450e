package io.xaa.keycloak.store;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection's required groups are stored by group id, which survives a rename and cannot be taken over by
 * another group given the same path. Admins read and write paths; this turns one into the other against the
 * realm's groups as they are now.
 */
public final class RequiredGroups {

    private final KeycloakSession session;
    private final RealmModel realm;

    public RequiredGroups(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The id of each group path, in order; an unknown path is refused. */
    public List<String> idsOf(List<String> paths) {
        RegistryRules.checkDistinct(paths, "requiredGroups");
        List<String> ids = new ArrayList<>();
        for (String path : paths) {
            GroupModel group = path == null ? null : KeycloakModelUtils.findGroupByPath(session, realm, path);
            if (group == null) {
                throw RegistryException.invalid("group " + path + " does not exist (give its full path, e.g. /engineering)");
            }
            ids.add(group.getId());
        }
        return ids;
    }

    /** The current paths of the groups that still exist, and the ids of those that no longer do, each in order. */
    public Shown show(List<String> ids) {
        List<String> paths = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            GroupModel group = group(id);
            if (group == null) {
                missing.add(id);
            } else {
                paths.add(KeycloakModelUtils.buildGroupPath(group));
            }
        }
        return new Shown(paths, missing);
    }

    /** The ids among {@code ids} whose group no longer exists in the realm. */
    public List<String> missing(List<String> ids) {
        return show(ids).missingIds();
    }

    boolean exists(String id) {
        return group(id) != null;
    }

    private GroupModel group(String id) {
        return id == null ? null : session.groups().getGroupById(realm, id);
    }

    /** @param missingIds required group ids whose group was deleted: they match nobody, so they keep refusing */
    public record Shown(List<String> paths, List<String> missingIds) {
        public Shown {
            paths = List.copyOf(paths);
            missingIds = List.copyOf(missingIds);
        }
    }
}
