<!doctype html>
<#-- The admin console page. The app is built by themes/admin-ui (Vite): Keycloak reads its
     resources/.vite/manifest.json and hands the entry chunk to this template as entryScript and entryStyles.
     entryImports is left out: it holds the manifest's chunk keys (_index-....js), not file paths, and the entry
     script imports those chunks itself. The variables are those AdminConsole gives the keycloak.v2 admin theme in
     Keycloak 26.7; the environment block is the one keycloak.v2's index.ftl writes. -->
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light${darkMode?then(' dark', '')}">
    <meta name="description" content="${properties.description!'The Keycloak Administration Console, with Latchkey.'}">
    <link rel="icon" type="${properties.favIconType!'image/svg+xml'}" href="${resourceUrl}${properties.favIcon!'/favicon.svg'}">
    <title>${properties.title!'Keycloak Administration Console'}</title>
    <style>
      body { margin: 0; }
      body, #app { height: 100%; }
      .latchkey-loading {
        height: 100vh;
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        color: #151515;
        background-color: #fff;
        font-family: sans-serif;
      }
      @media (prefers-color-scheme: dark) {
        .latchkey-loading { color: #e0e0e0; background-color: #1b1d21; }
      }
    </style>
    <#-- React is shared with Keycloak's own consoles; the build leaves these three imports to this map. -->
    <script type="importmap">
      {
        "imports": {
          "react": "${resourceCommonUrl}/vendor/react/react.production.min.js",
          "react/jsx-runtime": "${resourceCommonUrl}/vendor/react/react-jsx-runtime.production.min.js",
          "react-dom": "${resourceCommonUrl}/vendor/react-dom/react-dom.production.min.js"
        }
      }
    </script>
    <#if darkMode>
      <script type="module" async blocking="render">
        const darkModeClass = "${properties.kcDarkModeClass}";
        const query = window.matchMedia("(prefers-color-scheme: dark)");
        const apply = (dark) => document.documentElement.classList.toggle(darkModeClass, dark);
        apply(query.matches);
        query.addEventListener("change", (event) => apply(event.matches));
      </script>
    </#if>
    <#if !isSecureContext>
      <#-- keycloak-js needs Web Crypto for PKCE, which browsers offer only to secure contexts. -->
      <script type="module" src="${resourceCommonUrl}/vendor/web-crypto-shim/web-crypto-shim.js"></script>
    </#if>
    <#list entryStyles![] as style>
      <link rel="stylesheet" href="${resourceUrl}/${style}">
    </#list>
    <#if properties.styles?has_content>
      <#list properties.styles?split(' ') as style>
        <link rel="stylesheet" href="${resourceUrl}/${style}">
      </#list>
    </#if>
    <#if entryScript?has_content>
      <script type="module" src="${resourceUrl}/${entryScript}"></script>
    </#if>
  </head>
  <body data-page-id="admin">
    <div id="app">
      <main class="latchkey-loading">
        <p role="status">Loading the Administration Console…</p>
      </main>
    </div>
    <noscript>JavaScript is required to use the Administration Console.</noscript>
    <script id="environment" type="application/json">
      {
        "serverBaseUrl": "${serverBaseUrl}",
        "adminBaseUrl": "${adminBaseUrl}",
        "authUrl": "${authUrl}",
        "authServerUrl": "${authServerUrl}",
        "realm": "${loginRealm!"master"}",
        "clientId": "${clientId}",
        "resourceUrl": "${resourceUrl}",
        "logo": "${properties.logo!""}",
        "logoUrl": "${properties.logoUrl!""}",
        "darkMode": ${darkMode?c},
        "consoleBaseUrl": "${consoleBaseUrl}",
        "masterRealm": "${masterRealm}",
        "resourceVersion": "${resourceVersion}"
      }
    </script>
  </body>
</html>
