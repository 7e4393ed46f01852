<!doctype html>
<#-- The account console page. The app is built by themes/account-ui (Vite): Keycloak reads its
     resources/.vite/manifest.json and hands the entry chunk to this template as entryScript and entryStyles.
     entryImports is left out: it holds the manifest's chunk keys (_index-....js), not file paths, and the entry
     script imports those chunks itself. The variables are those AccountConsole gives the keycloak.v3 account theme
     in Keycloak 26.7. -->
<html lang="${locale}" dir="${localeDir!'ltr'}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light${darkMode?then(' dark', '')}">
    <meta name="description" content="Manage your Latchkey account, API keys and connected services.">
    <link rel="icon" type="${properties.favIconType!'image/svg+xml'}" href="${resourceUrl}${properties.favIcon!'/favicon.svg'}">
    <title>${properties.title!'Latchkey account'}</title>
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
  <body data-page-id="account">
    <div id="app">
      <main class="latchkey-loading">
        <p role="status">Loading your account…</p>
      </main>
    </div>
    <noscript>JavaScript is required to manage your account.</noscript>
    <script id="environment" type="application/json">
      {
        "serverBaseUrl": "${serverBaseUrl}",
        "realm": "${realm.name}",
        "clientId": "${clientId}",
        "resourceUrl": "${resourceUrl}",
        "logo": "${properties.logo!""}",
        "logoUrl": "${properties.logoUrl!""}",
        "darkMode": ${darkMode?c},
        "baseUrl": "${baseUrl}",
        "locale": "${locale}",
        "referrerName": "${referrerName!""}",
        "referrerUrl": "${referrer_uri!""}",
        "features": {
          "isRegistrationEmailAsUsername": ${realm.registrationEmailAsUsername?c},
          "isEditUserNameAllowed": ${realm.editUsernameAllowed?c},
          "isInternationalizationEnabled": ${realm.isInternationalizationEnabled()?c},
          "isLinkedAccountsEnabled": ${isLinkedAccountsEnabled?c},
          "isMyResourcesEnabled": ${(realm.userManagedAccessAllowed && isAuthorizationEnabled)?c},
          "isViewOrganizationsEnabled": ${isViewOrganizationsEnabled?c},
          "deleteAccountAllowed": ${deleteAccountAllowed?c},
          "updateEmailFeatureEnabled": ${updateEmailFeatureEnabled?c},
          "updateEmailActionEnabled": ${updateEmailActionEnabled?c},
          "isViewApplicationsEnabled": ${isViewApplicationsEnabled?c},
          "isViewGroupsEnabled": ${isViewGroupsEnabled?c},
          "isOid4VciEnabled": ${isOid4VciEnabled?c}
        },
        "scope": "${scope!""}"
      }
    </script>
  </body>
</html>
