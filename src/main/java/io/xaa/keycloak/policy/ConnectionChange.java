package io.xaa.keycloak.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a change to a connection widens: whatever lets the client obtain an ID-JAG it could not obtain before,
 * or changes the identity the resource app sees. Widening is the resource app owner's decision; narrowing,
 * disabling and neutral edits (the description) are not. Judged on the lists as written: adding a group to a
 * non-empty "any of" list counts as widening even where the group is a subgroup of one already listed.
 */
public final class ConnectionChange {

    private ConnectionChange() {
    }

    /** The widened fields in words, empty when {@code after} grants nothing {@code before} did not. */
    public static List<String> widenings(Connection before, Connection after) {
        List<String> widened = new ArrayList<>();
        List<String> addedScopes = added(before.scopes(), after.scopes());
        if (!addedScopes.isEmpty()) {
            widened.add("scopes (adds " + String.join(", ", addedScopes) + ")");
        }
        // An empty list is every resource of the app, and no required group is any user.
        widened.addAll(anyOfList("resources", "every resource of the app", before.resources(), after.resources()));
        widened.addAll(anyOfList("requiredGroups", "any user", before.requiredGroups(), after.requiredGroups()));
        if (before.expiresAt() != null && after.expiresAt() == null) {
            widened.add("expiresAt (removes the expiry)");
        } else if (before.expiresAt() != null && after.expiresAt().isAfter(before.expiresAt())) {
            widened.add("expiresAt (moves it later)");
        }
        if (!before.enabled() && after.enabled()) {
            widened.add("enabled (re-enables the connection)");
        }
        if (!Objects.equals(before.clientIdAtResourceApp(), after.clientIdAtResourceApp())) {
            widened.add("clientIdAtResourceApp (changes the identity the resource app sees)");
        }
        return widened;
    }

    /**
     * Whether {@code after} changes nothing an admin set: the stamps (created, updated) are not compared, and a
     * blank description is no description, so saving an untouched form records no change.
     */
    public static boolean none(Connection before, Connection after) {
        return Objects.equals(before.clientId(), after.clientId())
                && Objects.equals(before.resourceAppId(), after.resourceAppId())
                && Objects.equals(before.clientIdAtResourceApp(), after.clientIdAtResourceApp())
                && before.scopes().equals(after.scopes())
                && before.resources().equals(after.resources())
                && before.requiredGroups().equals(after.requiredGroups())
                && before.enabled() == after.enabled()
                && Objects.equals(before.expiresAt(), after.expiresAt())
                && Objects.equals(blankless(before.description()), blankless(after.description()));
    }

    private static String blankless(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** A list where empty means "no restriction": emptying it or adding to a non-empty one widens. */
    private static List<String> anyOfList(String field, String emptyMeans, List<String> before, List<String> after) {
        if (before.isEmpty()) {
            return List.of();
        }
        if (after.isEmpty()) {
            return List.of(field + " (empties it, which allows " + emptyMeans + ")");
        }
        List<String> added = added(before, after);
        return added.isEmpty() ? List.of() : List.of(field + " (adds " + String.join(", ", added) + ")");
    }

    private static List<String> added(List<String> before, List<String> after) {
        return after.stream().filter(value -> !before.contains(value)).toList();
    }
}
