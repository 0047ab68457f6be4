import { signIn } from "./http";

/**
 * Every protected page and handler of the app, with who may open it: the access matrix
 * (access.test.ts) asks each one as each role, the bypass probes (bypass.test.ts) try to get round
 * the refusals. The roles are the demo's people: the office, 兰州市's head and clerk, 省工商局's head
 * (a department), and nobody; "foreign" units are 嘉峪关市 (620200) and the fixture notice's unit.
 * `{notice}` stands for an issued notice addressed to none of these units (notice-fixture.ts).
 */
export const ROLES = ["office", "head", "clerk", "department", "anonymous"] as const;
export type Role = (typeof ROLES)[number];
export const ACCOUNTS: Record<Exclude<Role, "anonymous">, string> = { office: "office", head: "head-620100", clerk: "clerk-620100", department: "head-GSJ" };
/** the units the signed-in roles belong to (the office has none) */
export const ROLE_UNIT: Record<Role, string | null> = { office: null, head: "620100", clerk: "620100", department: "GSJ", anonymous: null };

export interface ProtectedRoute {
  path: string;
  allowed: Role[];
  /** a route handler (a file, not a page): a signed-in refusal is `refused` (403 unless said) */
  handler?: boolean;
  /** what a signed-in user who may not see it gets (404 for pages unless said) */
  refused?: number;
  /** the office is sent to its own page instead (307) */
  officeRedirect?: boolean;
}

export const PROTECTED: ProtectedRoute[] = [
  { path: "/office", allowed: ["office"] },
  { path: "/office?period=2026-10&asOf=2026-11-16", allowed: ["office"] },
  { path: "/office/units/620200", allowed: ["office"] },
  { path: "/office/units/620100", allowed: ["office"] },
  { path: "/office/units/620200/export?format=csv", allowed: ["office"], handler: true },
  { path: "/office/units/620100/export?format=xlsx", allowed: ["office"], handler: true },
  { path: "/unit/620200", allowed: ["office"] },
  { path: "/unit/620100", allowed: ["office", "head", "clerk"] },
  { path: "/unit/GSJ", allowed: ["office", "department"] },
  { path: "/unit", allowed: ["head", "clerk", "department"], officeRedirect: true },
  { path: "/unit/export?format=csv&period=2026-10", allowed: ["head", "clerk", "department"], handler: true },
  { path: "/office/users", allowed: ["office"] },
  { path: "/account", allowed: ["office", "head", "clerk", "department"] },
  { path: "/office/audit", allowed: ["office"] },
  { path: "/office/audit?kind=access&unit=620200", allowed: ["office"] },
  { path: "/office/audit/export?kind=access", allowed: ["office"], handler: true },
  { path: "/unit/users", allowed: ["head", "department"], officeRedirect: true },
  { path: "/office/api-tokens", allowed: ["office"] },
  { path: "/office/api-tokens?status=active&sort=last_used", allowed: ["office"] },
  { path: "/unit/api-tokens", allowed: ["head", "department"], officeRedirect: true },
  { path: "/inbox", allowed: ["office", "head", "clerk", "department"] },
  { path: "/templates", allowed: ["office", "head", "clerk", "department"] },
  { path: "/templates/records.xlsx", allowed: ["office", "head", "clerk", "department"], handler: true },
  { path: "/office/notices", allowed: ["office"] },
  { path: "/office/notices/summary?period=2026-10&asOf=2026-11-16", allowed: ["office"] },
  { path: "/office/notices/summary/pdf?period=2026-10&asOf=2026-11-16", allowed: ["office"], handler: true },
  { path: "/office/notices/{notice}", allowed: ["office"] },
  { path: "/office/notices/{notice}/print", allowed: ["office"] },
  { path: "/office/notices/{notice}/pdf", allowed: ["office"], handler: true, refused: 404 },
  { path: "/office/notices/{notice}/annex", allowed: ["office"] },
  { path: "/office/notices/{notice}/annex/csv", allowed: ["office"], handler: true, refused: 404 },
  { path: "/office/rules", allowed: ["office"] },
  { path: "/office/method", allowed: ["office"] },
  { path: "/office/jobs", allowed: ["office"] },
  { path: "/office/upload", allowed: ["office"] },
  { path: "/unit/upload", allowed: ["head", "clerk", "department"] },
  { path: "/unit/notices", allowed: ["head", "clerk", "department"], officeRedirect: true },
  { path: "/unit/notices/{notice}", allowed: ["office"] },
  { path: "/unit/notices/{notice}/print", allowed: ["office"] },
  { path: "/unit/notices/{notice}/pdf", allowed: ["office"], handler: true, refused: 404 },
  { path: "/unit/notices/{notice}/annex", allowed: ["office"] },
  { path: "/unit/notices/{notice}/annex/xlsx", allowed: ["office"], handler: true, refused: 404 },
  { path: "/office/imports", allowed: ["office"] },
  { path: "/office/imports?kind=records&channel=demo&sort=rows", allowed: ["office"] },
  // the demo's first batch is its units file: it names every unit, so every unit sees it
  { path: "/office/imports/1", allowed: ["office"] },
  { path: "/office/imports/1?do=undo", allowed: ["office"] },
  { path: "/unit/imports", allowed: ["head", "clerk", "department"], officeRedirect: true },
  { path: "/unit/imports/1", allowed: ["head", "clerk", "department"], officeRedirect: true },
  // an id that names no batch: a 404 to everyone, the office included
  // correcting one row (the demo's records, seed 2026 at scale 1): a record of 兰州市工商局 (an agency of
  // 620100 and of the line GSJ) is 620100's and GSJ's to correct, one of 嘉峪关市工商局 (620200, GSJ) not
  // 620100's (a kind no unit delivers, such as the units file, is no page for anybody: tests/integration/corrections.test.ts)
  { path: "/unit/correct/records?record_id=CF2025120000122", allowed: ["head", "clerk", "department"], officeRedirect: true },
  { path: "/unit/correct/records?record_id=XK2025120000199", allowed: ["department"], officeRedirect: true },
  { path: "/office/correct/records?record_id=CF2025120000122", allowed: ["office"] },
  // joint measures (the demo's hand-written cases, lib/demo/joint.ts JOINT_MISTAKES): LH20260390003 is implemented by
  // 兰州市's bureaus (620100-SYJ, 620100-GSJ), so 620100's and GSJ's; LH20260690001 by 平凉市工商局 (620800-GSJ) for
  // 省国税局, so GSJ's only; an id that names no case is a 404 to everyone
  { path: "/office/joint/cases/LH20260390003", allowed: ["office"] },
  { path: "/office/joint/cases/LH20260690001", allowed: ["office"] },
  { path: "/unit/joint/cases/LH20260390003", allowed: ["head", "clerk", "department"], officeRedirect: true },
  { path: "/unit/joint/cases/LH20260690001", allowed: ["department"], officeRedirect: true },
  { path: "/unit/obligations", allowed: ["head", "clerk", "department"], officeRedirect: true },
  { path: "/unit/obligations?step=receive&overdue=1&sort=pushed&dir=desc", allowed: ["head", "clerk", "department"], officeRedirect: true },
  // 联合奖惩 by month: the office's of the province, a unit's own (the office is sent to its own)
  { path: "/office/joint", allowed: ["office"] },
  { path: "/office/joint?period=2026-06&kind=off_list&fsort=unit&fdir=desc", allowed: ["office"] },
  { path: "/unit/joint", allowed: ["head", "clerk", "department"], officeRedirect: true },
  { path: "/unit/joint?period=2026-06&indicator=receipt_timeliness&status=missing", allowed: ["head", "clerk", "department"], officeRedirect: true },
  { path: "/office/units/620100/obligations", allowed: ["office"] },
  { path: "/office/units/620200/obligations", allowed: ["office"] },
];

export const resolvePath = (route: ProtectedRoute, notice: { id: number }) => route.path.replace("{notice}", String(notice.id));

/** What a role that may not see the route gets from the app itself. */
export const refusedStatus = (route: ProtectedRoute) => route.refused ?? (route.handler ? 403 : 404);

/** The roles that must be refused the route (the office's redirect to its own page is not a refusal). */
export const refusedRoles = (route: ProtectedRoute): Role[] => ROLES.filter((r) => !route.allowed.includes(r) && !(r === "office" && route.officeRedirect));

export async function signInRoles(base: string): Promise<Record<Role, string | undefined>> {
  return {
    office: await signIn(base, ACCOUNTS.office),
    head: await signIn(base, ACCOUNTS.head),
    clerk: await signIn(base, ACCOUNTS.clerk),
    department: await signIn(base, ACCOUNTS.department),
    anonymous: undefined,
  };
}
