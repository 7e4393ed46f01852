import {
  type AccountEnvironment,
  Page,
  useAccountAlerts,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import {
  ActionGroup,
  ActionList,
  ActionListItem,
  Button,
  Card,
  CardBody,
  CardFooter,
  CardTitle,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Modal,
  ModalVariant,
  Spinner,
  TextInput,
  Title,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, type Call, formatDate, useCall } from "./api";
import { ErrorAlert, FieldHelp } from "./feedback";

/** GET /credential-vault/catalog: the services a credential may be stored for. */
type Service = {
  service_name: string;
  label: string;
  optional_fields: string[];
  api_key_label: string;
  service_user_id_label: string | null;
};

/** GET /credential-vault/credentials: never the secret. */
type Credential = { id: string; service_name: string; service_user_id: string | null; updated_at: string };

type DiscogsStatus = { connected: boolean; discogs_username?: string; connected_at?: string };

/** The Discogs broker keeps its tokens in the vault itself; the Discogs card manages them, not this list. */
const DISCOGS = "discogs";
const FORM_FIELDS = ["service_name", "api_key", "service_user_id"];

const takesUserId = (service?: Service) => !!service?.optional_fields.includes("service_user_id");

/** The body of a create or full replace: service_user_id only for services that take one. */
function credentialBody(service: Service, apiKey: string, serviceUserId: string) {
  return {
    service_name: service.service_name,
    api_key: apiKey,
    ...(takesUserId(service) && serviceUserId.trim() ? { service_user_id: serviceUserId.trim() } : {}),
  };
}

type CredentialFieldsProps = {
  idPrefix: string;
  service: Service;
  apiKey: string;
  setApiKey: (value: string) => void;
  serviceUserId: string;
  setServiceUserId: (value: string) => void;
  fieldErrors: Record<string, string[]>;
};

/** The secret and the optional account of a credential, labelled by the service's catalog entry (add and replace). */
const CredentialFields = ({ idPrefix, service, apiKey, setApiKey, serviceUserId, setServiceUserId, fieldErrors }:
  CredentialFieldsProps) => (
  <>
    <FormGroup label={service.api_key_label} isRequired fieldId={`${idPrefix}-api-key`}>
      <TextInput
        id={`${idPrefix}-api-key`}
        data-testid={`${idPrefix}-api-key`}
        type="password"
        autoComplete="off"
        value={apiKey}
        onChange={(_, value) => setApiKey(value)}
        isRequired
        validated={fieldErrors.api_key ? "error" : "default"}
      />
      <FieldHelp id={`${idPrefix}-api-key-help`} messages={fieldErrors.api_key} />
    </FormGroup>
    {takesUserId(service) && (
      <FormGroup label={service.service_user_id_label ?? "Account"} fieldId={`${idPrefix}-user-id`}>
        <TextInput
          id={`${idPrefix}-user-id`}
          data-testid={`${idPrefix}-user-id`}
          value={serviceUserId}
          onChange={(_, value) => setServiceUserId(value)}
          maxLength={100}
          validated={fieldErrors.service_user_id ? "error" : "default"}
        />
        <FieldHelp id={`${idPrefix}-user-id-help`} messages={fieldErrors.service_user_id} help="Optional." />
      </FormGroup>
    )}
  </>
);

export const ConnectedServices = () => {
  const { t } = useTranslation();
  const { environment } = useEnvironment<AccountEnvironment>();
  const { addAlert } = useAccountAlerts();
  const call = useCall();

  const [catalog, setCatalog] = useState<Service[]>();
  const [credentials, setCredentials] = useState<Credential[]>();
  const [loadError, setLoadError] = useState<unknown>();
  const [serviceName, setServiceName] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [serviceUserId, setServiceUserId] = useState("");
  const [formError, setFormError] = useState<unknown>();
  const [adding, setAdding] = useState(false);
  const [replacing, setReplacing] = useState<Credential>();
  const [deleting, setDeleting] = useState<Credential>();
  const opener = useRef<HTMLElement | null>(null);

  const load = useCallback(async () => {
    try {
      const [services, stored] = await Promise.all([
        call<Service[]>("GET", "/credential-vault/catalog"),
        call<Credential[]>("GET", "/credential-vault/credentials"),
      ]);
      setCatalog(services);
      setCredentials(stored.filter((credential) => credential.service_name !== DISCOGS));
      setLoadError(undefined);
    } catch (error) {
      setLoadError(error);
    }
  }, [call]);

  useEffect(() => {
    void load();
  }, [load]);

  const serviceOf = (name: string) => catalog?.find((service) => service.service_name === name);
  const available = (catalog ?? []).filter(
    (service) => !credentials?.some((credential) => credential.service_name === service.service_name),
  );
  const chosen = available.find((service) => service.service_name === serviceName) ?? available[0];
  const fieldErrors = formError instanceof ApiError ? formError.fields : {};

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setAdding(true);
    setFormError(undefined);
    try {
      await call("POST", "/credential-vault/credentials", credentialBody(chosen, apiKey, serviceUserId));
      addAlert(`Your ${chosen.label} credential is stored.`);
      setApiKey("");
      setServiceUserId("");
      setServiceName("");
      await load();
    } catch (error) {
      setFormError(error);
    } finally {
      setAdding(false);
    }
  };

  const open = (set: (credential: Credential) => void, credential: Credential, button: HTMLElement) => {
    opener.current = button;
    set(credential);
  };

  const closed = (focus: HTMLElement | null = opener.current) => setTimeout(() => focus?.focus());

  return (
    <Page
      title={t("latchkeyConnectedServices")}
      description="Credentials for other services that Latchkey's applications use on your behalf. They are stored encrypted and are never shown again."
    >
      <DiscogsCard call={call} locale={environment.locale} />

      <Title headingLevel="h2" size="lg" className="pf-v5-u-mt-xl pf-v5-u-mb-md">
        Stored credentials
      </Title>
      <ErrorAlert error={loadError} testId="services-error" />
      {!credentials && !loadError && <Spinner size="lg" aria-label="Loading your credentials" />}
      {credentials?.length === 0 && <p data-testid="services-empty">You have stored no credentials yet.</p>}
      {credentials && credentials.length > 0 && (
        <Table aria-label="Stored credentials" variant="compact" data-testid="services-table">
          <Thead>
            <Tr>
              <Th modifier="wrap">Service</Th>
              <Th modifier="wrap">Account</Th>
              <Th modifier="wrap">Updated</Th>
              <Th screenReaderText="Actions" />
            </Tr>
          </Thead>
          <Tbody>
            {credentials.map((credential) => {
              const label = serviceOf(credential.service_name)?.label ?? credential.service_name;
              return (
                <Tr key={credential.id} data-testid={`service-row-${credential.service_name}`}>
                  <Td dataLabel="Service">{label}</Td>
                  <Td dataLabel="Account">{credential.service_user_id ?? "—"}</Td>
                  <Td dataLabel="Updated">{formatDate(credential.updated_at, environment.locale)}</Td>
                  <Td isActionCell modifier="fitContent">
                    <ActionList>
                      {serviceOf(credential.service_name) && (
                        <ActionListItem>
                          <Button
                            variant="secondary"
                            size="sm"
                            data-testid={`service-replace-${credential.service_name}`}
                            aria-label={`Replace ${label}`}
                            onClick={(event) => open(setReplacing, credential, event.currentTarget)}
                          >
                            Replace
                          </Button>
                        </ActionListItem>
                      )}
                      <ActionListItem>
                        <Button
                          variant="danger"
                          size="sm"
                          data-testid={`service-delete-${credential.service_name}`}
                          aria-label={`Delete ${label}`}
                          onClick={(event) => open(setDeleting, credential, event.currentTarget)}
                        >
                          Delete
                        </Button>
                      </ActionListItem>
                    </ActionList>
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}

      <Title headingLevel="h2" size="lg" className="pf-v5-u-mt-xl pf-v5-u-mb-md">
        Add a service
      </Title>
      {catalog && available.length === 0 && <p>Every service has a stored credential.</p>}
      {chosen && (
        <Form onSubmit={add} maxWidth="40rem" noValidate>
          <ErrorAlert error={formError} shownFields={FORM_FIELDS} testId="service-form-error" />
          <FormGroup label="Service" isRequired fieldId="service-name">
            <FormSelect
              id="service-name"
              data-testid="service-name"
              value={chosen.service_name}
              onChange={(_, value) => setServiceName(value)}
              validated={fieldErrors.service_name ? "error" : "default"}
            >
              {available.map((service) => (
                <FormSelectOption key={service.service_name} value={service.service_name} label={service.label} />
              ))}
            </FormSelect>
            <FieldHelp id="service-name-help" messages={fieldErrors.service_name} />
          </FormGroup>
          <CredentialFields
            idPrefix="service"
            service={chosen}
            apiKey={apiKey}
            setApiKey={setApiKey}
            serviceUserId={serviceUserId}
            setServiceUserId={setServiceUserId}
            fieldErrors={fieldErrors}
          />
          <ActionGroup>
            <Button type="submit" data-testid="service-add" isLoading={adding} isDisabled={adding}>
              Add
            </Button>
          </ActionGroup>
        </Form>
      )}

      {replacing && (
        <ReplaceDialog
          credential={replacing}
          service={serviceOf(replacing.service_name)!}
          call={call}
          onDone={async (saved) => {
            setReplacing(undefined);
            closed();
            if (saved) {
              addAlert(`Your ${serviceOf(replacing.service_name)?.label} credential is replaced.`);
              await load();
            }
          }}
        />
      )}

      {deleting && (
        <DeleteDialog
          credential={deleting}
          label={serviceOf(deleting.service_name)?.label ?? deleting.service_name}
          call={call}
          onDone={async (deleted) => {
            setDeleting(undefined);
            if (deleted) {
              addAlert("The credential is deleted.");
              // Its row is gone: focus the heading's neighbour, the add form's first field, if there is one.
              closed(document.getElementById("service-name"));
              await load();
            } else {
              closed();
            }
          }}
        />
      )}
    </Page>
  );
};

type DialogProps = { credential: Credential; call: Call; onDone: (changed: boolean) => void };

/** PUT replaces every field, so the dialog asks for the secret again. */
const ReplaceDialog = ({ credential, service, call, onDone }: DialogProps & { service: Service }) => {
  const [apiKey, setApiKey] = useState("");
  const [serviceUserId, setServiceUserId] = useState(credential.service_user_id ?? "");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const fieldErrors = error instanceof ApiError ? error.fields : {};

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await call(
        "PUT",
        `/credential-vault/credentials/${encodeURIComponent(credential.id)}`,
        credentialBody(service, apiKey, serviceUserId),
      );
      onDone(true);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <Modal
      variant={ModalVariant.small}
      title={`Replace your ${service.label} credential`}
      isOpen
      onClose={() => onDone(false)}
      data-testid="service-replace-dialog"
      actions={[
        <Button key="save" data-testid="service-replace-save" onClick={() => save()} isLoading={busy} isDisabled={busy}>
          Save
        </Button>,
        <Button key="cancel" variant="link" data-testid="service-replace-cancel" onClick={() => onDone(false)}>
          Cancel
        </Button>,
      ]}
    >
      <Form id="service-replace-form" onSubmit={save} noValidate>
        <ErrorAlert error={error} shownFields={FORM_FIELDS} testId="service-replace-error" />
        <CredentialFields
          idPrefix="service-replace"
          service={service}
          apiKey={apiKey}
          setApiKey={setApiKey}
          serviceUserId={serviceUserId}
          setServiceUserId={setServiceUserId}
          fieldErrors={fieldErrors}
        />
      </Form>
    </Modal>
  );
};

const DeleteDialog = ({ credential, label, call, onDone }: DialogProps & { label: string }) => {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    setBusy(true);
    try {
      await call("DELETE", `/credential-vault/credentials/${encodeURIComponent(credential.id)}`);
      onDone(true);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <Modal
      variant={ModalVariant.small}
      title={`Delete your ${label} credential?`}
      titleIconVariant="warning"
      isOpen
      onClose={() => onDone(false)}
      data-testid="service-delete-dialog"
      actions={[
        <Button key="delete" variant="danger" data-testid="service-delete-confirm" onClick={remove} isLoading={busy} isDisabled={busy}>
          Delete
        </Button>,
        <Button key="cancel" variant="link" data-testid="service-delete-cancel" onClick={() => onDone(false)}>
          Cancel
        </Button>,
      ]}
    >
      <ErrorAlert error={error} testId="service-delete-error" />
      Applications can no longer use it on your behalf. You can add it again later.
    </Modal>
  );
};

/** Connecting goes through Keycloak's own account linking (kc_action=idp_link), as the Linked accounts page does. */
const DiscogsCard = ({ call, locale }: { call: Call; locale: string }) => {
  const { keycloak } = useEnvironment<AccountEnvironment>();
  const [status, setStatus] = useState<DiscogsStatus>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setStatus(await call<DiscogsStatus>("GET", "/discogs/status"));
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  }, [call]);

  useEffect(() => {
    void load();
  }, [load]);

  const connect = async () => {
    setBusy(true);
    // Leaves the page: Keycloak asks Discogs, links the account and comes back here.
    await keycloak.login({ action: `idp_link:${DISCOGS}`, redirectUri: window.location.href });
  };

  const disconnect = async () => {
    setBusy(true);
    try {
      await call("DELETE", "/discogs/revoke");
      await load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card isCompact data-testid="discogs-card">
      <CardTitle component="h2">Discogs</CardTitle>
      <CardBody>
        <ErrorAlert error={error} testId="discogs-error" />
        <p data-testid="discogs-status">
          {!status && !error && "Checking…"}
          {status?.connected &&
            `Connected as ${status.discogs_username ?? "a Discogs user"} since ${formatDate(status.connected_at, locale)}.`}
          {status && !status.connected && "Not connected. Connect your Discogs account so that applications can use it on your behalf."}
        </p>
      </CardBody>
      {status && (
        <CardFooter>
          {status.connected ? (
            <Button variant="secondary" data-testid="discogs-disconnect" onClick={disconnect} isLoading={busy} isDisabled={busy}>
              Disconnect
            </Button>
          ) : (
            <Button variant="primary" data-testid="discogs-connect" onClick={connect} isLoading={busy} isDisabled={busy}>
              Connect
            </Button>
          )}
        </CardFooter>
      )}
    </Card>
  );
};
