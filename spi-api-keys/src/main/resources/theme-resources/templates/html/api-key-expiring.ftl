<#-- Never the key: its name and display prefix name it. Every value is escaped by the template's HTML output format. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("apiKeyExpiringIntro", keyName, keyPrefix, expiresAt)}</p>
<p>${msg("apiKeyExpiringNext", realmName)}</p>
<#if accountUrl??>
<p><a href="${accountUrl}">${accountUrl}</a></p>
</#if>
<p>${msg("apiKeyExpiringNoAction")}</p>
</@layout.emailLayout>
