<#ftl output_format="plainText">
${msg("apiKeyLeakedIntro", keyName, keyPrefix)}

<#if leakUrl??>
${msg("apiKeyLeakedWhere", leakUrl, leakSource!"-")}

</#if>
${msg("apiKeyLeakedBy_" + reporter, realmName)}

${msg("apiKeyLeakedNext")}
${accountUrl}

${msg("apiKeyLeakedNotYou")}
