import { useAdminClient, useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Form,
  FormGroup,
  PageSection,
  Spinner,
  TextInput,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { type FormEvent, lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import {
  type ApiKey,
  ApiError,
  messageOf,
  rejections,
  type Usage,
  usageSummary,
  useApiKeysAdmin,
} from "./api";

// The charting library is loaded when the page first shows a chart, not with the console.
const UsageChart = lazy(() => import("./UsageChart"));

const DAYS = 30;
/** The breakdown lists at most this many of the user's keys, newest first (the admin listing's order). */
const MAX_KEYS = 100;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type KeyRow = { key: ApiKey; usage: Usage };
type Loaded = { userId: string; username: string; usage: Usage; keys: KeyRow[] };
type State = { loading: true } | { error: string } | Loaded;

/**
 * API key usage: for one user, the last 30 days of all their keys (totals in words, verifications and rejections
 * stacked per day, quota units as a line), then each key's totals; a key's own chart on request. The user comes from
 * ?user={id}, so the page can be linked to; the form finds one by username or id.
 */
export default function ApiKeyUsage() {
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const get = useApiKeysAdmin();
  const [params, setParams] = useSearchParams();
  const userId = params.get("user");
  const [query, setQuery] = useState("");
  const [lookupError, setLookupError] = useState("");
  const [state, setState] = useState<State>();
  const [selected, setSelected] = useState<string>();
  const [reads, setReads] = useState(0);

  useEffect(() => {
    if (!userId) {
      setState(undefined);
      return;
    }
    let current = true;
    setState({ loading: true });
    const load = async (): Promise<Loaded> => {
      const user = await adminClient.users.findOne({ id: userId });
      if (!user?.username) throw new ApiError("No such user in this realm.", 404);
      const [usage, keys] = await Promise.all([
        get<Usage>(`/users/${encodeURIComponent(userId)}/usage?days=${DAYS}`),
        get<ApiKey[]>(`/keys?owner=${encodeURIComponent(user.username)}&max=${MAX_KEYS}`),
      ]);
      const usages = await Promise.all(keys.map((key) => get<Usage>(`/keys/${key.id}/usage?days=${DAYS}`)));
      return { userId, username: user.username, usage, keys: keys.map((key, i) => ({ key, usage: usages[i] })) };
    };
    load().then(
      (loaded) => current && setState(loaded),
      (error) => current && setState({ error: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [adminClient, get, userId, reads]);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = query.trim();
    setLookupError("");
    if (!wanted) {
      setLookupError("Write a username or a user id.");
      return;
    }
    try {
      const byId = ID.test(wanted) ? await adminClient.users.findOne({ id: wanted }) : undefined;
      const user = byId ?? (await adminClient.users.find({ username: wanted, exact: true, max: 1 }))[0];
      if (!user?.id) {
        setLookupError(`No user ${wanted} in this realm.`);
        return;
      }
      setSelected(undefined);
      setParams({ user: user.id });
    } catch (error) {
      setLookupError(messageOf(error));
    }
  };

  const loaded = state && "usage" in state ? state : undefined;
  const selectedRow = loaded?.keys.find((row) => row.key.id === selected);
  return (
    <>
      <ViewHeader titleKey="latchkeyApiKeyUsage" subKey="latchkeyApiKeyUsageHelp" />
      <PageSection variant="light">
        <Form isHorizontal onSubmit={find} maxWidth="40rem">
          <FormGroup label="User" fieldId="api-key-usage-user">
            <TextInput
              id="api-key-usage-user"
              data-testid="api-key-usage-user"
              value={query}
              onChange={(_event, value) => setQuery(value)}
              placeholder="Username or user id"
              validated={lookupError ? "error" : "default"}
            />
          </FormGroup>
          {lookupError && <Alert variant="danger" isInline isPlain title={lookupError} />}
          <ActionGroup>
            <Button type="submit" data-testid="api-key-usage-find">
              Show usage
            </Button>
            {userId && (
              <Button variant="secondary" data-testid="api-key-usage-refresh" onClick={() => setReads((n) => n + 1)}>
                Read again
              </Button>
            )}
          </ActionGroup>
        </Form>
      </PageSection>
      <PageSection>
        {state && "loading" in state && <Spinner size="lg" aria-label="Reading the usage" />}
        {state && "error" in state && <Alert variant="danger" isInline title={state.error} />}
        {loaded && (
          <>
            <UsageCard
              title={`${loaded.username}: all keys, last ${DAYS} days (UTC)`}
              name={loaded.username}
              usage={loaded.usage}
              testId="api-key-usage-user"
              link={
                <Link to={`/${encodeURIComponent(realm)}/users/${encodeURIComponent(loaded.userId)}/settings`}>
                  Open the user
                </Link>
              }
            />
            <KeyTable rows={loaded.keys} selected={selected} onSelect={setSelected} />
            {selectedRow && (
              <UsageCard
                title={`Key ${selectedRow.key.name} (${selectedRow.key.prefix}), last ${DAYS} days (UTC)`}
                name={selectedRow.key.name}
                usage={selectedRow.usage}
                testId="api-key-usage-key"
              />
            )}
          </>
        )}
      </PageSection>
    </>
  );
}

type UsageCardProps = { title: string; name: string; usage: Usage; testId: string; link?: ReactNode };

const UsageCard = ({ title, name, usage, testId, link }: UsageCardProps) => (
  <Card className="pf-v5-u-mb-md" data-testid={testId}>
    <CardTitle component="h2">{title}</CardTitle>
    <CardBody>
      <p data-testid={`${testId}-totals`}>
        {usage.from} to {usage.to}: {usageSummary(usage.totals)}
      </p>
      {link && <p>{link}</p>}
      <Suspense fallback={<Spinner size="md" aria-label="Loading the chart" />}>
        <UsageChart usage={usage} name={name} testId={`${testId}-chart`} />
      </Suspense>
    </CardBody>
  </Card>
);

type KeyTableProps = { rows: KeyRow[]; selected?: string; onSelect: (id: string) => void };

const KeyTable = ({ rows, selected, onSelect }: KeyTableProps) => (
  <Card className="pf-v5-u-mb-md">
    <CardTitle component="h2">Per key, last {DAYS} days</CardTitle>
    <CardBody>
      {rows.length === 0 ? (
        <p data-testid="api-key-usage-no-keys">This user has no API keys.</p>
      ) : (
        <Table aria-label="Usage per key" variant="compact" data-testid="api-key-usage-keys">
          <Thead>
            <Tr>
              <Th>Key</Th>
              <Th>Prefix</Th>
              <Th>Status</Th>
              <Th>Verifications</Th>
              <Th>Rejections</Th>
              <Th>Quota units</Th>
              <Th screenReaderText="Chart" />
            </Tr>
          </Thead>
          <Tbody>
            {rows.map(({ key, usage }) => (
              <Tr key={key.id} data-testid={`api-key-usage-row-${key.name}`} isRowSelected={key.id === selected}>
                <Td dataLabel="Key">{key.name}</Td>
                <Td dataLabel="Prefix">{key.prefix}</Td>
                <Td dataLabel="Status">{key.status}</Td>
                <Td dataLabel="Verifications" data-testid="verified">{usage.totals.verified}</Td>
                <Td dataLabel="Rejections" data-testid="rejected">{rejections(usage.totals)}</Td>
                <Td dataLabel="Quota units" data-testid="quota">{usage.totals.quota_used}</Td>
                <Td dataLabel="Chart">
                  <Button variant="link" isInline onClick={() => onSelect(key.id)} data-testid={`api-key-usage-show-${key.name}`}>
                    Show chart
                  </Button>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </CardBody>
  </Card>
);
