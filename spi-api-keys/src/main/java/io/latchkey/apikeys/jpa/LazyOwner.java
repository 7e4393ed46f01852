package io.latchkey.apikeys.jpa;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.latchkey.apikeys.cache.OwnerVerdicts.OwnerVerdict;

/**
 * A key's owner served from a verdict ({@link OwnerVerdict}): the id, the username and whether they are enabled come
 * from it; anything else (attributes for a quota plan, a user session for the exchange) asks Keycloak for the user the
 * first time it is needed, once per request.
 */
final class LazyOwner implements InvocationHandler {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OwnerVerdict verdict;
    private UserModel loaded;

    private LazyOwner(KeycloakSession session, RealmModel realm, OwnerVerdict verdict) {
        this.session = session;
        this.realm = realm;
        this.verdict = verdict;
    }

    static UserModel of(KeycloakSession session, RealmModel realm, OwnerVerdict verdict) {
        return (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[] {UserModel.class},
                new LazyOwner(session, realm, verdict));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        int arity = args == null ? 0 : args.length;
        switch (method.getName()) {
            case "getId":
                if (arity == 0) {
                    return verdict.ownerId();
                }
                break;
            case "getUsername":
                if (arity == 0) {
                    return verdict.username();
                }
                break;
            case "isEnabled":
                if (arity == 0) {
                    return verdict.active();
                }
                break;
            case "equals":
                if (arity == 1) {
                    return proxy == args[0]
                            || args[0] instanceof UserModel other && verdict.ownerId().equals(other.getId());
                }
                break;
            case "hashCode":
                if (arity == 0) {
                    return verdict.ownerId().hashCode();
                }
                break;
            case "toString":
                if (arity == 0) {
                    return "UserModel[" + verdict.ownerId() + "]";
                }
                break;
            default:
                break;
        }
        try {
            return method.invoke(user(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private UserModel user() {
        if (loaded == null) {
            loaded = session.users().getUserById(realm, verdict.ownerId());
            if (loaded == null) {
                throw new ModelException("The key's owner was deleted during this request");
            }
        }
        return loaded;
    }
}
