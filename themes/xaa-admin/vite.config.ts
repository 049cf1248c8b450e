import { defineConfig } from "vite";

// Keycloak's admin index.ftl reads dist/.vite/manifest.json to find the entry script and its CSS, and
// turns every chunk the entry imports into a modulepreload link that 404s: so everything goes into one file.
export default defineConfig({
  base: "",
  esbuild: { jsx: "automatic" },
  build: {
    // The Maven build passes --outDir (its build directory), so parallel builds never share an output.
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: "src/main.tsx",
      output: { inlineDynamicImports: true },
    },
  },
});
