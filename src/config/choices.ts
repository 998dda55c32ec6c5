// The closed sets a setting or an API name is chosen from. The contract types in types.ts are inferred
// from these schemas, so a new choice is added in one place (design.md section 3).
import { z } from "zod";

export const CLOUDS = ["commercial", "gcc", "gcchigh", "dod", "china", "custom"] as const;

export const cloudSchema = z.enum(CLOUDS);
export const authModeSchema = z.enum(["client_credentials", "refresh_token"]);
export const messageTraceBackendSchema = z.enum(["auto", "graph", "reporting"]);
/** What a tool result carries: text and structuredContent, or text only (for clients that show only text). */
export const resultContentSchema = z.enum(["both", "text"]);
export const transportSchema = z.enum(["stdio", "http"]);
export const logLevelSchema = z.enum(["debug", "info", "warning", "error"]);
/** The Microsoft APIs a token, a scope, a rate limit and an error belong to. */
export const apiSchema = z.enum(["management", "graph", "reporting"]);
