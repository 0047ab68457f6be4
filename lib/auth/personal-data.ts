import "server-only";
import type { Sql } from "@/db/client";
import type { IdNumberView } from "@/lib/codes/mask";
import { logAccess } from "./access";
import type { Role, SessionUser } from "./users";

export type { IdNumberView };

/**
 * Natural persons' ID numbers (PIPL): every page and export shows them masked (lib/codes/mask.ts).
 * The full number is shown only when the viewer asks for it (`?ids=full`, the "显示完整证件号" link)
 * and may see it — those who correct records: the office for any unit, a unit's head and clerk for
 * their own unit's records —, and every such view or export is logged (`view:id-numbers`,
 * `export:id-numbers`, with the unit). Issued documents never carry them (lib/notices/close.ts).
 */
export const FULL_ID_NUMBERS = { param: "ids", value: "full" } as const;

// every role is named, so a new role has to be given its scope here rather than inherit one
const SCOPE: Record<Role, "any unit" | "own unit"> = { office: "any unit", unit_head: "own unit", clerk: "own unit" };

export function maySeeFullIdNumbers(user: SessionUser, unitCode: string): boolean {
  const scope = SCOPE[user.role] as (typeof SCOPE)[Role] | undefined;
  if (scope === "any unit") return true;
  return scope === "own unit" && user.unitCode !== null && user.unitCode === unitCode;
}

/**
 * How a list of `unitCode`'s items shows ID numbers to `user`: masked unless `asked` is "full" and
 * the user may. An ask is logged either way (`<use>:id-numbers`), so the log holds every full view
 * or export and every refused attempt; a refusal gets the masked list.
 */
export async function idNumberView(
  db: Sql,
  user: SessionUser,
  unitCode: string,
  asked: string | null | undefined,
  use: "view" | "export",
  detail?: string,
): Promise<IdNumberView> {
  if (asked !== FULL_ID_NUMBERS.value) return "masked";
  const allowed = maySeeFullIdNumbers(user, unitCode);
  await logAccess(db, user, `${use}:id-numbers`, unitCode, allowed, { detail: detail ?? null });
  return allowed ? "full" : "masked";
}
