<#ftl output_format="plainText">
${msg("apiKeyExpiringIntro", keyName, keyPrefix, expiresAt)}

${msg("apiKeyExpiringNext", realmName)}
<#if accountUrl??>
${accountUrl}
</#if>

${msg("apiKeyExpiringNoAction")}
