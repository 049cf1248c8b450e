#!/bin/sh
# Copies the README's screens from the browser tests' screenshots (run `mvn -B verify` first). Each is taken in a
# realm that does not use the theme, managed from master's console.
set -eu
from="${1:-target/screenshots}"
to="$(dirname "$0")/screenshots"
copy() { cp "$from/$1.png" "$to/$2.png"; }
copy forms-resource-app-detail resource-app-form
copy forms-connection-detail connection-form
copy clienttab-03-connected client-tab
copy simulator-dropped-scopes simulator
copy audit-table audit
copy inventory-01-by-client inventory
copy killswitch-03-stopped kill-switches
copy killswitch-04-banner-connections kill-switch-banner
copy forms-resource-app-subject-tokens resource-app-subject-tokens
