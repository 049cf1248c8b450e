// As the stock console's main.tsx: the library injects neither CSS nor an i18next instance (pitfall 4).
import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/react-core/dist/styles/base.css";
import "@keycloak/keycloak-admin-ui/styles.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider, createHashRouter } from "react-router-dom";
import { initI18n } from "./i18n";
import { rootRoute } from "./routes";

await initI18n();

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <RouterProvider router={createHashRouter([rootRoute])} />
  </StrictMode>,
);
