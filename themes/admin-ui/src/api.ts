import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { useCallback } from "react";

/** The page's path under a realm: #/{realm}/api-key-usage, with ?user={id} once a user is chosen. */
export const API_KEY_USAGE_PATH = "api-key-usage";

/** The console's own wording for a failed request, as a sentence an admin can act on. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export type AdminGet = <T>(path: string) => Promise<T>;

/**
 * get(path): a JSON GET of /admin/realms/{realm}/api-keys{path} with the console's own token (refreshed first when it
 * is about to expire), for the realm the console shows. Failures reject with an ApiError.
 */
export function useApiKeysAdmin(): AdminGet {
  const { adminClient, keycloak } = useAdminClient();
  const { realm } = useRealm();
  return useCallback(
    async <T>(path: string) => {
      try {
        await keycloak.updateToken(30);
      } catch {
        throw new ApiError("Your session has expired; sign in again.", 401);
      }
      let response: Response;
      try {
        response = await fetch(`${adminClient.baseUrl}/admin/realms/${encodeURIComponent(realm)}/api-keys${path}`, {
          headers: { Accept: "application/json", Authorization: `Bearer ${keycloak.token}` },
        });
      } catch {
        throw new ApiError("The server could not be reached. Check your connection and try again.", 0);
      }
      const text = await response.text().catch(() => "");
      if (!response.ok) throw toError(response.status, text);
      return JSON.parse(text) as T;
    },
    [adminClient, keycloak, realm],
  );
}

/** {"detail": "..."} (Latchkey) or {"error": "..."} (Keycloak) becomes the message; anything else a plain sentence. */
export function toError(status: number, text: string): ApiError {
  if (status === 401) return new ApiError("Your session has expired; sign in again.", status);
  if (status === 403) return new ApiError("You may not read API keys: that needs view-users in this realm.", status);
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    for (const key of ["detail", "error_description", "errorMessage", "error"]) {
      if (typeof body[key] === "string" && body[key]) return new ApiError(body[key] as string, status);
    }
  } catch {
    // Not JSON: the sentence below.
  }
  if (status === 404) return new ApiError("It is no longer there. Reload the page.", status);
  return new ApiError(`The server could not complete the request (HTTP ${status}). Try again later.`, status);
}

export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : "Something went wrong. Reload the page and try again.";
}

/** GET .../api-keys/keys: never the secret. */
export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  environment: string | null;
  owner: string;
  owner_id: string;
  status: string;
  last_used_at: string | null;
};

/** What one UTC day (or a whole range) counted: GET .../keys/{id}/usage and .../users/{user_id}/usage. */
export type UsageCounts = { verified: number; rejected: Record<string, number>; quota_used: number };
export type UsageDay = UsageCounts & { day: string };
export type Usage = { from: string; to: string; days: UsageDay[]; totals: UsageCounts };

/** The codes refused presentations are counted under, in words (the same words as the account console's). */
const REFUSALS: Record<string, string> = {
  DISABLED: "revoked",
  EXPIRED: "expired",
  IP_NOT_ALLOWED: "address not allowed",
  USAGE_EXCEEDED: "quota used up",
  INVALID_REQUEST: "invalid request",
};

export function refusalName(code: string): string {
  return REFUSALS[code] ?? code.toLowerCase().replaceAll("_", " ");
}

export function rejections(counts: UsageCounts): number {
  return Object.values(counts.rejected).reduce((sum, count) => sum + count, 0);
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}

/**
 * The totals of a usage range as one sentence, the chart's text equivalent: "3 verifications, 2 rejections (address
 * not allowed: 2), 3 quota units used."
 */
export function usageSummary(totals: UsageCounts): string {
  const reasons = Object.entries(totals.rejected)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, count]) => `${refusalName(code)}: ${count.toLocaleString("en")}`);
  const rejected = plural(rejections(totals), "rejection", "rejections") + (reasons.length ? ` (${reasons.join(", ")})` : "");
  return `${plural(totals.verified, "verification", "verifications")}, ${rejected}, ${plural(totals.quota_used, "quota unit", "quota units")} used.`;
}
