// The Stampede REST client: openapi-fetch typed by the generated schema.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths };
export type Schemas = components["schemas"];

export interface StampedeOptions {
  /** The node, e.g. "http://127.0.0.1:8080". */
  baseUrl: string;
  /** An API key, the root key or a JWT: sent as `Authorization: Bearer …`. */
  apiKey: string;
  /** The tenant, for a key that does not imply one (the root key). */
  tenantId?: string;
  fetch?: (input: Request) => Promise<Response>;
}

export type StampedeClient = Client<paths>;

/** A client whose every call carries the key (and the tenant, when given). */
export function createStampedeClient(options: StampedeOptions): StampedeClient {
  const headers: Record<string, string> = { Authorization: `Bearer ${options.apiKey}` };
  if (options.tenantId !== undefined) headers["X-Tenant-ID"] = options.tenantId;
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
