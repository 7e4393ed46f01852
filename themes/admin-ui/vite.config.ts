import { defineConfig, type Plugin } from "vite";

/**
 * The admin console package's stylesheet already holds every PatternFly component's styles. The PatternFly components
 * our page imports would add them again in the page's chunk, loaded after the console's own overrides and so able to
 * undo them; they get an empty stylesheet instead.
 */
const patternflyStylesFromTheConsole: Plugin = {
  name: "patternfly-styles-from-the-console",
  enforce: "pre",
  // Each component's class-name module (react-styles/css/.../card.mjs) imports its stylesheet beside it (./card.css).
  resolveId: (id, importer) =>
    id.endsWith(".css") && importer?.includes("/@patternfly/react-styles/css/") ? "\0patternfly-style.css" : null,
  load: (id) => (id === "\0patternfly-style.css" ? "" : null),
};

// The build lands in ../target/admin-ui; Maven packs it as theme/latchkey/admin/resources. Keycloak reads
// .vite/manifest.json there to put the entry script and styles into index.ftl.
export default defineConfig({
  base: "",
  plugins: [patternflyStylesFromTheConsole],
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
