import { defineConfig } from "vite";

// The build lands in ../target/admin-ui; Maven packs it as theme/latchkey/admin/resources. Keycloak reads
// .vite/manifest.json there to put the entry script and styles into index.ftl.
export default defineConfig({
  base: "",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "../target/admin-ui",
    emptyOutDir: true,
    manifest: true,
    target: "esnext",
    modulePreload: false,
    // The admin console package is one module of about 4 MB (PatternFly and every Keycloak page), as in Keycloak's
    // own build; its lazily loaded pages and our chart are chunks of their own.
    chunkSizeWarningLimit: 4096,
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
