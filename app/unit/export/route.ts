import { getDb } from "@/db";
import { currentUser, unitAccessForHandler } from "@/lib/auth/guards";
import { exportItems } from "@/lib/export-items";
import { exportParams } from "@/lib/unit-page";

export const dynamic = "force-dynamic";

/** A unit's own item lists as CSV or XLSX; the unit comes from the session, never from the request. */
export async function GET(request: Request) {
  const me = await currentUser();
  if (!me?.unitCode) return Response.json({ error: "forbidden", message: "无权访问 / not allowed" }, { status: me ? 403 : 401 });
  const user = await unitAccessForHandler("export:unit", me.unitCode);
  if (user instanceof Response) return user;
  const db = await getDb();
  const q = await exportParams(db, me.unitCode, new URL(request.url));
  if (!q) return Response.json({ error: "not_found", message: "没有数据 / no data" }, { status: 404 });
  return exportItems(db, q);
}
