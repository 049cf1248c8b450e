#!/bin/bash
# The demo's Cross App Access document (resource apps, connections) merged into acme through the admin REST API, with
# the kcadm.sh of the image. Runs inside the image: compose's demo-setup service, and ContainerImageIT. The realms
# themselves come from --import-realm. Merging twice changes nothing.
#   KEYCLOAK_URL            where the admin API answers (http://keycloak:8080)
#   XAA_DEMO_ACME_BASE_URL  the server's public base URL, which the document names as http://localhost:8080
#   DEMO_DOCUMENT           the document (/opt/keycloak/demo/acme-cross-app-access.json)
set -euo pipefail
server="${KEYCLOAK_URL:-http://keycloak:8080}"
document=$(< "${DEMO_DOCUMENT:-/opt/keycloak/demo/acme-cross-app-access.json}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%s' "${document//http:\/\/localhost:8080/${XAA_DEMO_ACME_BASE_URL:-http://localhost:8080}}" > "$work/document.json"
kcadm=/opt/keycloak/bin/kcadm.sh
"$kcadm" config credentials --config "$work/kcadm.config" --server "$server" --realm master \
  --user "$KC_BOOTSTRAP_ADMIN_USERNAME" --password "$KC_BOOTSTRAP_ADMIN_PASSWORD"
"$kcadm" create cross-app-access/import --config "$work/kcadm.config" -r acme -f "$work/document.json"
echo "demo: Cross App Access document merged into acme at $server"
