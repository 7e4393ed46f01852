import { type AccountEnvironment, useEnvironment } from "@keycloak/keycloak-account-ui";
import {
  Alert,
  AlertActionLink,
  FormHelperText,
  HelperText,
  HelperTextItem,
  List,
  ListItem,
} from "@patternfly/react-core";
import { ApiError, messageOf, otherFieldMessages } from "./api";

type ErrorAlertProps = {
  error: unknown;
  /** Fields whose messages the form shows beside the field itself. */
  shownFields?: string[];
  testId: string;
};

/** An error in words; field errors the form cannot show beside a field are listed. */
export const ErrorAlert = ({ error, shownFields = [], testId }: ErrorAlertProps) => {
  const { keycloak } = useEnvironment<AccountEnvironment>();
  if (!error) return null;
  const expired = error instanceof ApiError && error.status === 401;
  const hasFields = error instanceof ApiError && Object.keys(error.fields).length > 0;
  const others = hasFields ? otherFieldMessages(error, shownFields) : [];
  return (
    <Alert
      variant="danger"
      isInline
      isLiveRegion
      data-testid={testId}
      title={hasFields ? "Some values need correcting." : messageOf(error)}
      actionLinks={
        expired && (
          <AlertActionLink data-testid="sign-in-again" onClick={() => keycloak.login()}>
            Sign in again
          </AlertActionLink>
        )
      }
    >
      {others.length > 0 && (
        <List>
          {others.map((message) => (
            <ListItem key={message}>{message}</ListItem>
          ))}
        </List>
      )}
    </Alert>
  );
};

type FieldHelpProps = { id: string; messages?: string[]; help?: string };

/** Under a field: its error messages from the server, otherwise the hint. */
export const FieldHelp = ({ id, messages, help }: FieldHelpProps) =>
  messages?.length || help ? (
    <FormHelperText>
      <HelperText id={id} aria-live="polite">
        {messages?.length
          ? messages.map((message) => (
              <HelperTextItem key={message} variant="error" hasIcon>
                {message}
              </HelperTextItem>
            ))
          : <HelperTextItem>{help}</HelperTextItem>}
      </HelperText>
    </FormHelperText>
  ) : null;
