<#-- Every value is escaped by the template's HTML output format: the URL comes from the report, not from Latchkey. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("apiKeyLeakedIntro", keyName, keyPrefix)}</p>
<#if leakUrl??>
<p>${msg("apiKeyLeakedWhere", leakUrl, leakSource!"-")}</p>
</#if>
<p>${msg("apiKeyLeakedBy_" + reporter, realmName)}</p>
<p>${msg("apiKeyLeakedNext")}</p>
<p><a href="${accountUrl}">${accountUrl}</a></p>
<p>${msg("apiKeyLeakedNotYou")}</p>
</@layout.emailLayout>
