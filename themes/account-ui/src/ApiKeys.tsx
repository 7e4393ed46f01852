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
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Checkbox,
  ExpandableSection,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  InputGroup,
  InputGroupItem,
  Label,
  Modal,
  ModalVariant,
  Progress,
  ProgressMeasureLocation,
  Spinner,
  TextInput,
  Title,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { type FormEvent, lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ApiError,
  expiresIn,
  formatDate,
  type KeyUsage,
  type UserQuota,
  unusedFor,
  usageSummary,
  useCall,
} from "./api";
import { ErrorAlert, FieldHelp } from "./feedback";

// The charting library is loaded when a usage section is first opened, not with the page.
const UsageChart = lazy(() => import("./UsageChart"));

/** GET /api-keys/keys: never the secret. */
type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  environment: string | null;
  roles: string[];
  status: string;
  is_active: boolean;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
};

/** Create and regenerate answer with the secret, the one time it is ever sent. */
type IssuedKey = ApiKey & { key: string };

const ENVIRONMENTS = ["live", "test"];
const FORM_FIELDS = ["name", "roles", "environment", "expires_at"];

const ROLES_HELP =
  "A key can only do what its roles allow, and only while you hold them. A key without roles can be verified by " +
  "your apps but opens none of Latchkey's own endpoints.";

type Pending = { action: "revoke" | "regenerate"; key: ApiKey };

const USAGE_DAYS = 30;

/** A key's last 30 days, fetched when its section is opened: the totals in words, then the chart. */
const KeyUsagePanel = ({ apiKey }: { apiKey: ApiKey }) => {
  const call = useCall();
  const [usage, setUsage] = useState<KeyUsage>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    call<KeyUsage>("GET", `/api-keys/keys/${encodeURIComponent(apiKey.id)}/usage?days=${USAGE_DAYS}`).then(
      setUsage,
      setError,
    );
  }, [call, apiKey.id]);
  if (error) return <ErrorAlert error={error} testId={`api-key-usage-error-${apiKey.name}`} />;
  if (!usage) return <Spinner size="md" aria-label={`Loading the usage of ${apiKey.name}`} />;
  return (
    <>
      <p className="pf-v5-u-mb-sm" data-testid={`api-key-usage-totals-${apiKey.name}`}>
        {usage.from} to {usage.to} (UTC): {usageSummary(usage.totals)}
      </p>
      <Suspense fallback={<Spinner size="md" aria-label="Loading the chart" />}>
        <UsageChart usage={usage} keyName={apiKey.name} />
      </Suspense>
    </>
  );
};

/** The user's quotas: used of limit, and when each refills. Left out where the realm has no quotas for the user. */
const QuotaCard = ({ quota, locale }: { quota: UserQuota; locale: string }) => (
  <Card isCompact className="pf-v5-u-mb-lg" style={{ maxWidth: "40rem" }} data-testid="quota-card">
    <CardTitle component="h3">Your quota ({quota.subscription_plan} plan)</CardTitle>
    <CardBody>
      {quota.quotas.map((status) => (
        <div key={status.quota} className="pf-v5-u-mb-sm" data-testid={`quota-${status.quota}`}>
          <Progress
            title={status.quota}
            value={status.used}
            min={0}
            max={Math.max(1, status.limit)}
            measureLocation={ProgressMeasureLocation.top}
            label={`${status.used.toLocaleString(locale)} of ${status.limit.toLocaleString(locale)} used`}
            valueText={`${status.used} of ${status.limit} used`}
            variant={status.remaining === 0 ? "danger" : undefined}
            aria-label={`${status.quota}: ${status.used} of ${status.limit} used`}
          />
          <div className="pf-v5-u-color-200 pf-v5-u-font-size-sm" data-testid={`quota-reset-${status.quota}`}>
            resets at {formatDate(status.reset_at, locale)}
          </div>
        </div>
      ))}
    </CardBody>
  </Card>
);

export const ApiKeys = () => {
  const { t } = useTranslation();
  const { environment } = useEnvironment<AccountEnvironment>();
  const { addAlert } = useAccountAlerts();
  const call = useCall();
  // The roles the user may give a key come from the server: the console's token carries none of the realm's roles.
  const [roles, setRoles] = useState<string[]>([]);

  const [keys, setKeys] = useState<ApiKey[]>();
  const [quota, setQuota] = useState<UserQuota>();
  const [usageOpen, setUsageOpen] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<unknown>();
  const [name, setName] = useState("");
  const [chosenRoles, setChosenRoles] = useState<string[]>([]);
  const [otherRoles, setOtherRoles] = useState("");
  const [keyEnvironment, setKeyEnvironment] = useState(ENVIRONMENTS[0]);
  const [expires, setExpires] = useState("");
  const [formError, setFormError] = useState<unknown>();
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<Pending>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<IssuedKey>();
  const [copied, setCopied] = useState("");
  const opener = useRef<HTMLElement | null>(null);
  const secretInput = useRef<HTMLInputElement>(null);

  // "expires in …" and "unused for …" are counted from when the list was loaded.
  const [now, setNow] = useState(() => new Date());

  const load = useCallback(async () => {
    // Quotas are counted on verify, so they are read again with the keys; a realm without them shows no card.
    call<UserQuota>("GET", "/quota").then(
      (found) => setQuota(found.quotas.length ? found : undefined),
      () => setQuota(undefined),
    );
    try {
      setKeys(await call<ApiKey[]>("GET", "/api-keys/keys"));
      setNow(new Date());
      setLoadError(undefined);
    } catch (error) {
      setLoadError(error);
    }
  }, [call]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    call<string[]>("GET", "/api-keys/roles").then(setRoles, () => setRoles([]));
  }, [call]);

  const fieldErrors = formError instanceof ApiError ? formError.fields : {};

  const create = async (event: FormEvent) => {
    event.preventDefault();
    opener.current = document.activeElement as HTMLElement | null;
    setCreating(true);
    setFormError(undefined);
    try {
      const issued = await call<IssuedKey>("POST", "/api-keys/keys", {
        name: name.trim(),
        roles: [...new Set([...chosenRoles, ...otherRoles.split(/[\s,]+/).filter(Boolean)])],
        environment: keyEnvironment,
        ...(expires ? { expires_at: expires } : {}),
      });
      setName("");
      setChosenRoles([]);
      setOtherRoles("");
      setExpires("");
      showSecret(issued);
      await load();
    } catch (error) {
      setFormError(error);
    } finally {
      setCreating(false);
    }
  };

  const showSecret = (issued: IssuedKey) => {
    setCopied("");
    setSecret(issued);
  };

  const closeSecret = () => {
    // The secret leaves memory with the dialog: it is kept nowhere else.
    setSecret(undefined);
    setCopied("");
    setTimeout(() => opener.current?.focus());
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.key);
      setCopied("Copied to the clipboard.");
    } catch {
      secretInput.current?.select();
      setCopied("The browser did not allow copying. The key is selected: press Ctrl+C (or ⌘C).");
    }
  };

  const ask = (action: Pending["action"], key: ApiKey, button: HTMLElement) => {
    opener.current = button;
    setActionError(undefined);
    setPending({ action, key });
  };

  const cancel = () => {
    setPending(undefined);
    setTimeout(() => opener.current?.focus());
  };

  const confirm = async () => {
    if (!pending) return;
    const { action, key } = pending;
    setBusy(true);
    try {
      if (action === "revoke") {
        await call("POST", `/api-keys/keys/${encodeURIComponent(key.id)}/revoke`);
        setPending(undefined);
        addAlert(`The key "${key.name}" is revoked.`);
        // The row's buttons go away with the revoked key: return focus to the form's first field.
        opener.current = document.getElementById("api-key-name");
        setTimeout(() => opener.current?.focus());
      } else {
        const issued = await call<IssuedKey>("POST", `/api-keys/keys/${encodeURIComponent(key.id)}/regenerate`, {});
        setPending(undefined);
        showSecret(issued);
      }
      await load();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const toggleRole = (role: string, checked: boolean) =>
    setChosenRoles((current) => (checked ? [...current, role] : current.filter((r) => r !== role)));

  return (
    <Page
      title={t("latchkeyApiKeys")}
      description="Keys let your scripts and integrations act as you, with only the roles you give them."
    >
      <Title headingLevel="h2" size="lg" className="pf-v5-u-mb-md">
        Create a key
      </Title>
      <Form onSubmit={create} maxWidth="40rem" noValidate>
        <ErrorAlert error={formError} shownFields={FORM_FIELDS} testId="api-key-form-error" />
        <FormGroup label="Name" isRequired fieldId="api-key-name">
          <TextInput
            id="api-key-name"
            data-testid="api-key-name"
            value={name}
            onChange={(_, value) => setName(value)}
            isRequired
            maxLength={100}
            validated={fieldErrors.name ? "error" : "default"}
            aria-describedby="api-key-name-help"
          />
          <FieldHelp id="api-key-name-help" messages={fieldErrors.name} help="For example: n8n Production." />
        </FormGroup>
        {roles.length > 0 && (
          <FormGroup label="Roles" role="group" isStack fieldId="api-key-roles">
            {roles.map((role) => (
              <Checkbox
                key={role}
                id={`api-key-role-${role}`}
                data-testid={`api-key-role-${role}`}
                label={role}
                isChecked={chosenRoles.includes(role)}
                onChange={(_, checked) => toggleRole(role, checked)}
              />
            ))}
            <FieldHelp id="api-key-roles-help" messages={fieldErrors.roles} help={ROLES_HELP} />
          </FormGroup>
        )}
        <FormGroup label={roles.length ? "Other roles" : "Roles"} fieldId="api-key-other-roles">
          <TextInput
            id="api-key-other-roles"
            data-testid="api-key-other-roles"
            value={otherRoles}
            onChange={(_, value) => setOtherRoles(value)}
            validated={!roles.length && fieldErrors.roles ? "error" : "default"}
            aria-describedby="api-key-other-roles-help"
          />
          <FieldHelp
            id="api-key-other-roles-help"
            messages={roles.length ? undefined : fieldErrors.roles}
            help={`Names of roles you hold, separated by commas; a client's role as client-id:role.${roles.length ? "" : ` ${ROLES_HELP}`}`}
          />
        </FormGroup>
        <FormGroup label="Environment" fieldId="api-key-environment">
          <FormSelect
            id="api-key-environment"
            data-testid="api-key-environment"
            value={keyEnvironment}
            onChange={(_, value) => setKeyEnvironment(value)}
            validated={fieldErrors.environment ? "error" : "default"}
          >
            {ENVIRONMENTS.map((value) => (
              <FormSelectOption key={value} value={value} label={value} />
            ))}
          </FormSelect>
          <FieldHelp id="api-key-environment-help" messages={fieldErrors.environment} />
        </FormGroup>
        <FormGroup label="Expires" fieldId="api-key-expires">
          <TextInput
            id="api-key-expires"
            data-testid="api-key-expires"
            type="date"
            value={expires}
            onChange={(_, value) => setExpires(value)}
            validated={fieldErrors.expires_at ? "error" : "default"}
            aria-describedby="api-key-expires-help"
          />
          <FieldHelp
            id="api-key-expires-help"
            messages={fieldErrors.expires_at}
            help="Optional. The key works through that day (UTC); leave empty for a key that does not expire."
          />
        </FormGroup>
        <ActionGroup>
          <Button type="submit" data-testid="api-key-create" isLoading={creating} isDisabled={creating}>
            Create key
          </Button>
        </ActionGroup>
      </Form>

      <Title headingLevel="h2" size="lg" className="pf-v5-u-mt-xl pf-v5-u-mb-md">
        Your keys
      </Title>
      <ErrorAlert error={loadError} testId="api-keys-error" />
      {quota && <QuotaCard quota={quota} locale={environment.locale} />}
      {!keys && !loadError && <Spinner size="lg" aria-label="Loading your keys" />}
      {keys?.length === 0 && <p data-testid="api-keys-empty">You have no API keys yet.</p>}
      {keys && keys.length > 0 && (
        <Table aria-label="Your API keys" variant="compact" data-testid="api-keys-table">
          <Thead>
            <Tr>
              <Th modifier="wrap">Name</Th>
              <Th modifier="wrap">Key</Th>
              <Th modifier="wrap">Environment</Th>
              <Th modifier="wrap">Roles</Th>
              <Th modifier="wrap">Status</Th>
              <Th modifier="wrap">Created</Th>
              <Th modifier="wrap">Expires</Th>
              <Th modifier="wrap">Last used</Th>
              <Th screenReaderText="Actions" />
            </Tr>
          </Thead>
          {keys.map((key) => (
            <Tbody key={key.id}>
              {/* No rule between a key and its usage section: they read as one entry. */}
              <Tr data-testid={`api-key-row-${key.name}`} style={{ borderBlockEnd: "none" }}>
                <Td dataLabel="Name">{key.name}</Td>
                <Td dataLabel="Key">
                  <code>{key.prefix}</code>
                </Td>
                <Td dataLabel="Environment">{key.environment ?? "—"}</Td>
                <Td dataLabel="Roles">{key.roles.join(", ") || "—"}</Td>
                <Td dataLabel="Status">
                  <Label color={key.is_active ? "green" : "grey"} data-testid={`api-key-status-${key.name}`}>
                    {key.status}
                  </Label>
                </Td>
                <Td dataLabel="Created">{formatDate(key.created_at, environment.locale)}</Td>
                <Td dataLabel="Expires">
                  {formatDate(key.expires_at, environment.locale, "Never")}
                  {key.is_active && key.expires_at && (
                    <div className="pf-v5-u-color-200" data-testid={`api-key-expires-in-${key.name}`}>
                      {expiresIn(key.expires_at, now)}
                    </div>
                  )}
                </Td>
                <Td dataLabel="Last used">
                  {formatDate(key.last_used_at, environment.locale, "Never")}
                  {key.is_active && unusedFor(key.last_used_at, key.created_at, now) && (
                    <div className="pf-v5-u-color-200" data-testid={`api-key-unused-for-${key.name}`}>
                      {unusedFor(key.last_used_at, key.created_at, now)}
                    </div>
                  )}
                </Td>
                <Td isActionCell modifier="fitContent">
                  {key.is_active && (
                    <ActionList>
                      <ActionListItem>
                        <Button
                          variant="secondary"
                          size="sm"
                          data-testid={`api-key-regenerate-${key.name}`}
                          aria-label={`Regenerate ${key.name}`}
                          onClick={(event) => ask("regenerate", key, event.currentTarget)}
                        >
                          Regenerate
                        </Button>
                      </ActionListItem>
                      <ActionListItem>
                        <Button
                          variant="danger"
                          size="sm"
                          data-testid={`api-key-revoke-${key.name}`}
                          aria-label={`Revoke ${key.name}`}
                          onClick={(event) => ask("revoke", key, event.currentTarget)}
                        >
                          Revoke
                        </Button>
                      </ActionListItem>
                    </ActionList>
                  )}
                </Td>
              </Tr>
              <Tr data-testid={`api-key-usage-row-${key.name}`}>
                <Td colSpan={9} className="pf-v5-u-pt-0">
                  <ExpandableSection
                    toggleText={t("latchkeyKeyUsage")}
                    isExpanded={usageOpen.includes(key.id)}
                    onToggle={(_, open) =>
                      setUsageOpen((current) => (open ? [...current, key.id] : current.filter((id) => id !== key.id)))
                    }
                    data-testid={`api-key-usage-${key.name}`}
                  >
                    {usageOpen.includes(key.id) && <KeyUsagePanel apiKey={key} />}
                  </ExpandableSection>
                </Td>
              </Tr>
            </Tbody>
          ))}
        </Table>
      )}

      <Modal
        variant={ModalVariant.small}
        title={pending?.action === "revoke" ? `Revoke "${pending.key.name}"?` : `Regenerate "${pending?.key.name}"?`}
        titleIconVariant="warning"
        isOpen={!!pending}
        onClose={cancel}
        data-testid="api-key-confirm-dialog"
        actions={[
          <Button
            key="confirm"
            variant="danger"
            data-testid="api-key-confirm"
            onClick={confirm}
            isLoading={busy}
            isDisabled={busy}
          >
            {pending?.action === "revoke" ? "Revoke" : "Regenerate"}
          </Button>,
          <Button key="cancel" variant="link" data-testid="api-key-cancel" onClick={cancel}>
            Cancel
          </Button>,
        ]}
      >
        <ErrorAlert error={actionError} testId="api-key-action-error" />
        {pending?.action === "revoke"
          ? "Anything using this key stops working at once. Revoked keys stay listed and cannot be used again."
          : "The key gets a new secret and the current one stops working at once."}
      </Modal>

      <Modal
        variant={ModalVariant.medium}
        title={`Your new key "${secret?.name ?? ""}"`}
        isOpen={!!secret}
        onClose={closeSecret}
        elementToFocus="#api-key-copy"
        data-testid="api-key-secret-dialog"
        actions={[
          <Button key="done" variant="primary" data-testid="api-key-secret-done" onClick={closeSecret}>
            I have stored it
          </Button>,
        ]}
      >
        <Alert
          variant="warning"
          isInline
          className="pf-v5-u-mb-md"
          title="This key is shown only once. Copy it now and store it safely."
        />
        <Form onSubmit={(event) => event.preventDefault()}>
          <FormGroup label="API key" fieldId="api-key-secret">
            <InputGroup>
              <InputGroupItem isFill>
                <TextInput
                  id="api-key-secret"
                  data-testid="api-key-secret"
                  ref={secretInput}
                  value={secret?.key ?? ""}
                  readOnlyVariant="default"
                  aria-describedby="api-key-copied"
                  onFocus={(event) => event.currentTarget.select()}
                />
              </InputGroupItem>
              <InputGroupItem>
                <Button id="api-key-copy" variant="control" data-testid="api-key-copy" onClick={copy}>
                  Copy
                </Button>
              </InputGroupItem>
            </InputGroup>
            <p id="api-key-copied" role="status" data-testid="api-key-copied" className="pf-v5-u-mt-sm">
              {copied}
            </p>
          </FormGroup>
        </Form>
      </Modal>
    </Page>
  );
};
