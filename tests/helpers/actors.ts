import type { SessionUser } from "@/lib/auth/users";

/** Signed-in people as the session carries them, for calling domain functions and actions directly. */
export const OFFICE: SessionUser = { username: "office", name: "领导小组办公室", role: "office", unitCode: null };
export const head = (unitCode: string): SessionUser => ({ username: `head-${unitCode}`, name: `负责人 ${unitCode}`, role: "unit_head", unitCode });
export const clerk = (unitCode: string): SessionUser => ({ username: `clerk-${unitCode}`, name: `联络员 ${unitCode}`, role: "clerk", unitCode });
