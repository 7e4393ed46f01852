import { Header, PageNav } from "@keycloak/keycloak-account-ui";
import { Alert, Page, PageSection, Spinner } from "@patternfly/react-core";
import { Suspense } from "react";
import { Outlet, useRouteError } from "react-router-dom";

/** The account console's frame: Keycloak's header and menu around the current page. */
export const App = () => (
  <Page header={<Header />} sidebar={<PageNav />} isManagedSidebar>
    <Suspense fallback={<Spinner />}>
      <Outlet />
    </Suspense>
  </Page>
);

export const RouteError = () => {
  const error = useRouteError();
  return (
    <PageSection>
      <Alert variant="danger" isInline title="This page could not be shown.">
        {error instanceof Error ? error.message : "Reload the page to try again."}
      </Alert>
    </PageSection>
  );
};
