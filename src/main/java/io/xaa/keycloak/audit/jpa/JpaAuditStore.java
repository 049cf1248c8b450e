package io.xaa.keycloak.audit.jpa;

import io.xaa.keycloak.audit.AuditQuery;
import io.xaa.keycloak.audit.AuditRecord;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit table, through the session's EntityManager: a write joins whatever transaction the session
 * is in, which is what makes a success atomic with its decision and a refusal independent of the request.
 */
public final class JpaAuditStore {

    private final EntityManager em;

    public JpaAuditStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public void add(AuditRecord record) {
        em.persist(toEntity(record));
    }

    /** Newest first. */
    public List<AuditRecord> find(String realmId, AuditQuery query, int first, int max) {
        return query(realmId, query, "select r", " order by r.time desc, r.id", AuditRecordEntity.class)
                .setFirstResult(first).setMaxResults(max)
                .getResultStream().map(JpaAuditStore::toRecord).toList();
    }

    /** Oldest first: the export reads in this order, so new records land after its last page. */
    public List<AuditRecord> findAscending(String realmId, AuditQuery query, int first, int max) {
        return query(realmId, query, "select r", " order by r.time, r.id", AuditRecordEntity.class)
                .setFirstResult(first).setMaxResults(max)
                .getResultStream().map(JpaAuditStore::toRecord).toList();
    }

    public long count(String realmId, AuditQuery query) {
        return query(realmId, query, "select count(r)", "", Long.class).getSingleResult();
    }

    /** Deletes every record, of every realm, older than {@code beforeMillis}; returns how many. */
    public int purge(long beforeMillis) {
        return em.createNamedQuery("xaaPurgeAuditRecords").setParameter("before", beforeMillis).executeUpdate();
    }

    private <T> TypedQuery<T> query(String realmId, AuditQuery query, String select, String order, Class<T> type) {
        StringBuilder jpql = new StringBuilder(select).append(" from AuditRecordEntity r where r.realmId = :realmId");
        Map<String, Object> params = new HashMap<>();
        params.put("realmId", realmId);
        filter(jpql, params, "r.time >= :from", "from", query.from());
        filter(jpql, params, "r.time < :to", "to", query.to());
        filter(jpql, params, "r.clientId = :clientId", "clientId", query.clientId());
        filter(jpql, params, "r.userId = :userId", "userId", query.userId());
        filter(jpql, params, "r.resourceAppId = :resourceAppId", "resourceAppId", query.resourceAppId());
        filter(jpql, params, "r.outcome = :outcome", "outcome", query.outcome() == null ? null : query.outcome().name());
        filter(jpql, params, "r.type = :type", "type", query.type() == null ? null : query.type().name());
        filter(jpql, params, "r.jti = :jti", "jti", query.jti());
        TypedQuery<T> typed = em.createQuery(jpql.append(order).toString(), type);
        params.forEach(typed::setParameter);
        return typed;
    }

    private static void filter(StringBuilder jpql, Map<String, Object> params, String condition, String name, Object value) {
        if (value != null) {
            jpql.append(" and ").append(condition);
            params.put(name, value);
        }
    }

    private static AuditRecordEntity toEntity(AuditRecord r) {
        AuditRecordEntity e = new AuditRecordEntity();
        e.setId(r.id());
        e.setTime(r.time());
        e.setRealmId(r.realmId());
        e.setRealmName(cut(r.realmName(), 255));
        e.setType(r.type().name());
        e.setOutcome(r.outcome().name());
        e.setClientId(cut(r.clientId(), 255));
        e.setUserId(cut(r.userId(), 255));
        e.setUsername(cut(r.username(), 255));
        e.setResourceAppId(cut(r.resourceAppId(), 36));
        e.setAudience(cut(r.audience(), 1024));
        e.setResource(cut(r.resource(), 4000));
        e.setScopeRequested(cut(r.scopeRequested(), 4000));
        e.setScopeGranted(cut(r.scopeGranted(), 4000));
        e.setJti(cut(r.jti(), 255));
        e.setConnectionId(cut(r.connectionId(), 36));
        e.setAcrRequired(cut(r.acrRequired(), 255));
        e.setAcrActual(cut(r.acrActual(), 255));
        e.setError(cut(r.error(), 255));
        e.setRule(cut(r.rule(), 64));
        e.setReason(cut(r.reason(), 1024));
        e.setSubjectKind(r.subjectKind());
        e.setIpAddress(cut(r.ipAddress(), 255));
        e.setUserSessionId(cut(r.userSessionId(), 255));
        e.setOperation(r.operation());
        e.setResourceType(cut(r.resourceType(), 64));
        e.setBefore(r.before());
        e.setAfter(r.after());
        return e;
    }

    private static AuditRecord toRecord(AuditRecordEntity e) {
        return new AuditRecord(e.getId(), e.getTime(), e.getRealmId(), e.getRealmName(), AuditRecord.Type.valueOf(e.getType()),
                AuditRecord.Outcome.valueOf(e.getOutcome()), e.getClientId(), e.getUserId(), e.getUsername(), e.getResourceAppId(),
                e.getAudience(), e.getResource(), e.getScopeRequested(), e.getScopeGranted(), e.getJti(), e.getConnectionId(),
                e.getAcrRequired(), e.getAcrActual(), e.getError(), e.getRule(), e.getReason(), e.getSubjectKind(), e.getIpAddress(),
                e.getUserSessionId(), e.getOperation(), e.getResourceType(), e.getBefore(), e.getAfter());
    }

    /** A value longer than its column must not make the insert, and with it the decision, fail. */
    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
