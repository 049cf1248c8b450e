package io.xaa.keycloak.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;

/**
 * Counters of ID-JAG exchanges on Keycloak's metrics endpoint ({@code --metrics-enabled=true}):
 * {@code xaa_id_jag_issued_total{realm}} and {@code xaa_id_jag_refused_total{realm,error}}. They register
 * on Micrometer's global registry, which Keycloak's Prometheus registry joins, as Keycloak's own
 * {@code keycloak_user_events_total} does. The registry holds the counts; this class holds only builders.
 */
final class AuditMetrics {

    private final Meter.MeterProvider<Counter> issued;
    private final Meter.MeterProvider<Counter> refused;

    private AuditMetrics(Meter.MeterProvider<Counter> issued, Meter.MeterProvider<Counter> refused) {
        this.issued = issued;
        this.refused = refused;
    }

    static AuditMetrics registered() {
        return new AuditMetrics(
                Counter.builder("xaa.id_jag.issued").description("ID-JAGs issued")
                        .withRegistry(Metrics.globalRegistry),
                Counter.builder("xaa.id_jag.refused").description("ID-JAG exchanges refused, by OAuth error")
                        .withRegistry(Metrics.globalRegistry));
    }

    /** Without metrics, nothing is registered and counting does nothing. */
    static AuditMetrics disabled() {
        return new AuditMetrics(null, null);
    }

    void count(AuditRecord record) {
        if (issued == null || !record.isExchange()) {
            return;
        }
        String realm = record.realmName() == null ? "" : record.realmName();
        if (record.outcome() == AuditRecord.Outcome.SUCCESS) {
            issued.withTags("realm", realm).increment();
        } else {
            refused.withTags("realm", realm, "error", record.error() == null ? "" : record.error()).increment();
        }
    }
}
