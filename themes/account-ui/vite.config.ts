import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The build lands in ../target/account-ui; Maven packs it as theme/latchkey/account/resources. Keycloak reads
// .vite/manifest.json there to put the entry script and styles into index.ftl.
export default defineConfig({
  base: "",
  esbuild: { jsx: "automatic" },
  resolve: {
    alias: {
      // The package exports only its JavaScript; its components' styles sit beside it in lib/.
      "keycloak-account-ui.css": fileURLToPath(
        new URL("node_modules/@keycloak/keycloak-account-ui/lib/keycloak-account-ui.css", import.meta.url),
      ),
    },
  },
  build: {
    outDir: "../target/account-ui",
    emptyOutDir: true,
    manifest: true,
    target: "esnext",
    modulePreload: false,
    // The account console package is one chunk of about 650 kB, as in Keycloak's own build.
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      input: "src/main.tsx",
      // React comes from Keycloak's common resources through index.ftl's import map, as in Keycloak's own console.
      external: ["react", "react/jsx-runtime", "react-dom"],
      onwarn(warning, warn) {
        // React Router's "use client" only matters to server components; bundling drops it on purpose.
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
