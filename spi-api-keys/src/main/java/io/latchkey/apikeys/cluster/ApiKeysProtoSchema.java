package io.latchkey.apikeys.cluster;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;
import org.infinispan.protostream.annotations.ProtoSyntax;

/**
 * The module's ProtoStream schema. The annotation processor generates its implementation and lists it as a
 * {@code SerializationContextInitializer} service, which Keycloak's {@code Marshalling.getSchemas()} finds when the
 * server is built, so the cluster can carry {@link ApiKeyCacheInvalidation}.
 */
@ProtoSchema(
        syntax = ProtoSyntax.PROTO3,
        schemaPackageName = "latchkey.apikeys",
        schemaFileName = "latchkey-api-keys.proto",
        schemaFilePath = "proto/generated",
        allowNullFields = true,
        includeClasses = ApiKeyCacheInvalidation.class)
public interface ApiKeysProtoSchema extends GeneratedSchema {
}
