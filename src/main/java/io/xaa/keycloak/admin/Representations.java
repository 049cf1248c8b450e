package io.xaa.keycloak.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.xaa.keycloak.store.RegistryException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reading and writing the JSON of the admin API, with precise messages for bad input. */
final class Representations {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Representations() {
    }

    static <T> T read(String body, Class<T> type) {
        return read(body, STRICT.readerFor(type));
    }

    /**
     * Applies the body to {@code stored}, a representation of what is saved: a field the body omits keeps its
     * value, an explicit null sets null, a list in the body replaces the list.
     */
    static <T> T merge(String body, T stored) {
        return read(body, STRICT.readerForUpdating(stored));
    }

    private static <T> T read(String body, ObjectReader reader) {
        if (body == null || body.isBlank()) {
            throw RegistryException.invalid("a JSON body is required");
        }
        try {
            JsonNode tree = STRICT.readTree(body);
            if (containsNul(tree)) {
                throw RegistryException.invalid(NUL_REFUSED);
            }
            T value = reader.readValue(tree);
            if (value == null) {
                throw RegistryException.invalid("a JSON object is required");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw RegistryException.invalid("unknown field " + e.getPropertyName());
        } catch (JsonProcessingException e) {
            throw RegistryException.invalid("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Binding a tree in memory reads no stream; Jackson only declares it.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * PostgreSQL refuses U+0000 in any text, a lookup parameter included, and ends the request's transaction with
     * it; no name, id or URI of ours can hold it, so it is refused at the door, on every database alike.
     */
    static final String NUL_REFUSED = "text must not contain the NUL character (U+0000)";

    static boolean containsNul(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    private static boolean containsNul(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return containsNul(node.textValue());
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (containsNul(field.getKey()) || containsNul(field.getValue())) {
                return true;
            }
        }
        for (JsonNode element : node.isArray() ? node : List.<JsonNode>of()) {
            if (containsNul(element)) {
                return true;
            }
        }
        return false;
    }

    static List<String> list(List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw RegistryException.invalid("lists must not contain null");
        }
        return values;
    }

    /** ISO-8601 with an offset ("2027-01-31T18:00:00Z" or "+01:00"). */
    static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw RegistryException.invalid(field + " must be an ISO-8601 date-time with offset, e.g. 2027-01-31T18:00:00Z");
        }
    }

    /** The admin API's error body, {@code {"errorMessage": …}}, as Keycloak's own admin API answers. */
    static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("errorMessage", message)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * A refusal's body: {@code errorMessage} for people, and, when the refusal concerns one field, {@code field},
     * {@code code} and {@code params} for a form to say it in its own words on that field.
     */
    static Response error(Response.Status status, RegistryException refusal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorMessage", refusal.getMessage());
        if (refusal.code() != null) {
            body.put("field", refusal.field());
            body.put("code", refusal.code());
            body.put("params", refusal.params());
        }
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
