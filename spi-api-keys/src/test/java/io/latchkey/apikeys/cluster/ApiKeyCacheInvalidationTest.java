package io.latchkey.apikeys.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;
import org.junit.jupiter.api.Test;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.infinispan.WrapperClusterEvent;
import org.keycloak.marshalling.Marshalling;

/** The cluster event really travels: Keycloak finds its schema, and it survives ProtoStream both ways. */
class ApiKeyCacheInvalidationTest {

    private static final List<ApiKeyCacheInvalidation> EVENTS = List.of(
            ApiKeyCacheInvalidation.key("realm-1", "key-1"),
            ApiKeyCacheInvalidation.owner("realm-1", "owner-1"),
            ApiKeyCacheInvalidation.realm("realm-1"));

    @Test
    void keycloakFindsTheSchemaAsItFindsItsOwn() {
        assertTrue(Marshalling.getSchemas().stream().anyMatch(ApiKeysProtoSchemaImpl.class::isInstance),
                "Marshalling.getSchemas() loads SerializationContextInitializers through the service loader");
    }

    @Test
    void eachKindOfInvalidationSurvivesProtoStream() throws IOException {
        SerializationContext context = ProtobufUtil.newSerializationContext();
        new ApiKeysProtoSchemaImpl().register(context);
        for (ApiKeyCacheInvalidation event : EVENTS) {
            byte[] bytes = ProtobufUtil.toWrappedByteArray(context, event);
            assertEquals(event, ProtobufUtil.fromWrappedByteArray(context, bytes));
        }
    }

    @Test
    void theEventTravelsInsideKeycloaksClusterEnvelope() throws IOException {
        SerializationContext context = ProtobufUtil.newSerializationContext();
        for (SerializationContextInitializer schema : Marshalling.getSchemas()) {
            schema.register(context);
        }
        WrapperClusterEvent sent = WrapperClusterEvent.wrap(VerifyCacheCluster.TASK_KEY, EVENTS, "node-a", null,
                ClusterProvider.DCNotify.ALL_DCS, true);

        Object received = ProtobufUtil.fromWrappedByteArray(context, ProtobufUtil.toWrappedByteArray(context, sent));

        WrapperClusterEvent wrapper = assertInstanceOf(WrapperClusterEvent.class, received);
        assertEquals(VerifyCacheCluster.TASK_KEY, wrapper.getEventKey());
        assertEquals(EVENTS, List.copyOf(wrapper.getDelegateEvents()));
    }
}
