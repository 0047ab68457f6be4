import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { key } from "./types";
import { units } from "./units";

/**
 * Push API tokens (CONTRACT §8): one unit each, kept only as the SHA-256 of the token (the token itself
 * is shown once, when it is made), with the first characters for people to tell tokens apart. A revoked
 * or expired token stops working at once; the row stays, for the audit trail. The rate window is here
 * so that every instance of the app counts the same calls.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: serial("id").primaryKey(),
    unitCode: key("unit_code")
      .notNull()
      .references(() => units.code),
    name: text("name").notNull().default(""),
    tokenHash: text("token_hash").notNull().unique("api_tokens_hash_key"),
    prefix: text("prefix").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: text("revoked_by"),
    // the current minute's calls (lib/api/rate-limit.ts)
    rateWindow: timestamp("rate_window", { withTimezone: true }),
    rateCount: integer("rate_count").notNull().default(0),
  },
  (t) => [index("api_tokens_unit_idx").on(t.unitCode, t.createdAt), check("api_tokens_revoked_check", sql`(${t.revokedAt} is null) = (${t.revokedBy} is null)`)],
);

/**
 * Idempotency-Key (CONTRACT §8): the first request with a key claims it (`running`), and its response
 * is kept (`done`) for a repeat to get back as it was. Keys are kept at least 24 hours.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tokenId: integer("token_id")
      .notNull()
      .references(() => apiTokens.id),
    key: text("key").notNull(),
    /** SHA-256 of the endpoint and the body: the same key with another request is refused */
    requestSha256: text("request_sha256").notNull(),
    status: text("status").notNull().default("running"),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pkey", columns: [t.tokenId, t.key] }),
    index("idempotency_keys_created_idx").on(t.createdAt),
    check("idempotency_keys_status_check", sql`${t.status} in ('running', 'done')`),
    check("idempotency_keys_key_check", sql`char_length(${t.key}) between 1 and 255`),
  ],
);
