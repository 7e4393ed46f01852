import { type AccountEnvironment, useEnvironment } from "@keycloak/keycloak-account-ui";
import { useCallback } from "react";

/** Validation errors as Latchkey's REST layer sends them: {"field": ["message", ...]}. */
export type FieldErrors = Record<string, string[]>;

/** A failed request, said in words a person can act on. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

export const SESSION_EXPIRED = "Your session has expired; sign in again.";
const UNREACHABLE = "The server could not be reached. Check your connection and try again.";

type Method = "GET" | "POST" | "PUT" | "DELETE";
export type Call = <T = void>(method: Method, path: string, body?: unknown) => Promise<T>;

/**
 * call(method, path, body): a JSON request to /realms/{realm}{path} with the account console's own access token,
 * refreshed first when it is about to expire. Failures reject with an ApiError.
 */
export function useCall(): Call {
  const { environment, keycloak } = useEnvironment<AccountEnvironment>();
  return useCallback<Call>(
    async <T>(method: Method, path: string, body?: unknown) => {
      try {
        await keycloak.updateToken(30);
      } catch {
        throw new ApiError(SESSION_EXPIRED, 401);
      }
      const headers: Record<string, string> = { Accept: "application/json", Authorization: `Bearer ${keycloak.token}` };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      let response: Response;
      try {
        response = await fetch(`${environment.serverBaseUrl}/realms/${encodeURIComponent(environment.realm)}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch {
        throw new ApiError(UNREACHABLE, 0);
      }
      const json = parseJson(await response.text().catch(() => ""));
      if (!response.ok) throw toError(response.status, json);
      return json as T;
    },
    [environment, keycloak],
  );
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** {"detail": "..."} becomes the message; {"field": [...]} becomes field errors; anything else a plain sentence. */
export function toError(status: number, body: unknown): ApiError {
  if (status === 401) return new ApiError(SESSION_EXPIRED, status);
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    // Latchkey's shape first, then the shapes of Keycloak's own errors.
    for (const key of ["detail", "error_description", "errorMessage", "error"]) {
      const value = record[key];
      if (typeof value === "string" && value) return new ApiError(value, status);
    }
    const fields: FieldErrors = {};
    for (const [field, value] of Object.entries(record)) {
      const messages = Array.isArray(value) ? value.filter((m): m is string => typeof m === "string") : [];
      if (messages.length) fields[field] = messages;
    }
    if (Object.keys(fields).length) return new ApiError(Object.values(fields).flat().join(" "), status, fields);
  }
  return new ApiError(statusSentence(status), status);
}

function statusSentence(status: number): string {
  if (status === 403) return "You are not allowed to do that.";
  if (status === 404) return "It is no longer there. Reload the page.";
  if (status === 429) return "Too many requests. Wait a minute and try again.";
  if (status >= 500) return `The server could not complete the request (HTTP ${status}). Try again later.`;
  return `The request was refused (HTTP ${status}).`;
}

/** A message for any error: an ApiError's own words, or a plain sentence. */
export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : "Something went wrong. Reload the page and try again.";
}

/** Field messages the form does not show next to a field of its own, as "field: message". */
export function otherFieldMessages(error: ApiError, shownFields: string[]): string[] {
  return Object.entries(error.fields)
    .filter(([field]) => !shownFields.includes(field))
    .flatMap(([field, messages]) => messages.map((message) => `${field}: ${message}`));
}

/** Timestamps from the API (ISO-8601 UTC) in the user's locale; empty values as the given word. */
export function formatDate(value: string | null | undefined, locale: string, empty = "—"): string {
  if (!value) return empty;
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

const DAY_MILLIS = 86_400_000;

function days(count: number): string {
  return count === 1 ? "1 day" : `${count} days`;
}

/**
 * "expires in …" for a key that expires at `value` (ISO-8601), seen at `now`: whole days left, rounded down, so a key
 * is never shown as living longer than it does. Empty for a key without expiry.
 */
export function expiresIn(value: string | null, now: Date): string {
  if (!value) return "";
  const left = new Date(value).getTime() - now.getTime();
  if (Number.isNaN(left)) return "";
  if (left <= 0) return "expired";
  return left < DAY_MILLIS ? "expires in less than a day" : `expires in ${days(Math.floor(left / DAY_MILLIS))}`;
}

/**
 * "unused for …" for a key last used at `lastUsed` (or, never used, created at `created`), seen at `now`: the clock
 * the realm's inactivity rule counts with. Empty when it was used within the last day.
 */
export function unusedFor(lastUsed: string | null, created: string, now: Date): string {
  const since = new Date(lastUsed ?? created).getTime();
  if (Number.isNaN(since)) return "";
  const idle = Math.floor((now.getTime() - since) / DAY_MILLIS);
  return idle < 1 ? "" : `unused for ${days(idle)}`;
}

/** What one UTC day (or a whole range) of a key's use counted: GET /api-keys/keys/{id}/usage. */
export type UsageCounts = { verified: number; rejected: Record<string, number>; quota_used: number };
export type UsageDay = UsageCounts & { day: string };
export type KeyUsage = { api_key_id: string; from: string; to: string; days: UsageDay[]; totals: UsageCounts };

/** One quota of the user now: GET /quota. */
export type QuotaStatus = { quota: string; limit: number; used: number; remaining: number; reset_at: string };
export type UserQuota = { subscription_plan: string; quotas: QuotaStatus[] };

/** The codes a key's refused presentations are counted under, in words. */
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
