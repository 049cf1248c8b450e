package io.xaa.keycloak.store.jpa;

import io.xaa.keycloak.store.IssuanceSetting;
import io.xaa.keycloak.store.RegistryException;
import io.xaa.keycloak.store.UserBlock;
import jakarta.persistence.EntityManager;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The rows of the two kill switches, kept apart from resource apps and connections, which they never touch. */
final class KillSwitchStore {

    private static final int MAX_REASON = 1000;

    private final EntityManager em;

    KillSwitchStore(EntityManager em) {
        this.em = em;
    }

    boolean stopped(String realmId) {
        IssuanceEntity entity = em.find(IssuanceEntity.class, realmId);
        return entity != null && entity.isStopped();
    }

    boolean blocked(String realmId, String userId) {
        return block(realmId, userId).isPresent();
    }

    Optional<UserBlock> userBlock(String realmId, String userId) {
        return block(realmId, userId).map(KillSwitchStore::toModel);
    }

    IssuanceSetting issuance(String realmId) {
        IssuanceEntity entity = em.find(IssuanceEntity.class, realmId);
        return entity == null ? IssuanceSetting.NEVER_STOPPED
                : new IssuanceSetting(entity.isStopped(), entity.getChangedBy(), Instant.ofEpochMilli(entity.getChangedAt()), entity.getReason());
    }

    IssuanceSetting setIssuance(String realmId, boolean stopped, String reason, String actor) {
        checkReason(reason);
        IssuanceEntity entity = em.find(IssuanceEntity.class, realmId);
        if (entity == null) {
            entity = new IssuanceEntity();
            entity.setRealmId(realmId);
            em.persist(entity);
        }
        entity.setStopped(stopped);
        entity.setReason(reason);
        entity.setChangedBy(actor);
        entity.setChangedAt(System.currentTimeMillis());
        return issuance(realmId);
    }

    List<UserBlock> blockedUsers(String realmId) {
        return em.createNamedQuery("xaaUserBlocksByRealm", UserBlockEntity.class).setParameter("realmId", realmId)
                .getResultStream().map(KillSwitchStore::toModel).toList();
    }

    UserBlock blockUser(String realmId, String userId, String reason, String actor) {
        checkReason(reason);
        UserBlockEntity entity = block(realmId, userId).orElseGet(() -> {
            UserBlockEntity created = new UserBlockEntity();
            created.setId(KeycloakModelUtils.generateId());
            created.setRealmId(realmId);
            created.setUserId(userId);
            em.persist(created);
            return created;
        });
        entity.setReason(reason);
        entity.setBlockedBy(actor);
        entity.setBlockedAt(System.currentTimeMillis());
        return toModel(entity);
    }

    boolean unblockUser(String realmId, String userId) {
        return em.createNamedQuery("xaaDeleteUserBlock").setParameter("realmId", realmId).setParameter("userId", userId)
                .executeUpdate() > 0;
    }

    void removeRealm(String realmId) {
        em.createNamedQuery("xaaDeleteUserBlocksByRealm").setParameter("realmId", realmId).executeUpdate();
        IssuanceEntity entity = em.find(IssuanceEntity.class, realmId);
        if (entity != null) {
            em.remove(entity);
        }
    }

    private Optional<UserBlockEntity> block(String realmId, String userId) {
        return em.createNamedQuery("xaaUserBlock", UserBlockEntity.class).setParameter("realmId", realmId)
                .setParameter("userId", userId).getResultStream().findFirst();
    }

    private static void checkReason(String reason) {
        if (reason != null && reason.length() > MAX_REASON) {
            throw RegistryException.invalid("reason must be at most " + MAX_REASON + " characters").on("reason", "tooLong");
        }
    }

    private static UserBlock toModel(UserBlockEntity entity) {
        return new UserBlock(entity.getUserId(), entity.getBlockedBy(), Instant.ofEpochMilli(entity.getBlockedAt()), entity.getReason());
    }
}
