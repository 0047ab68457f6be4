import { reportHandler } from "@/app/_upload/report-handler";

export const dynamic = "force-dynamic";

/** GET /unit/upload/<id>/report: the unit's own upload's rejected rows (app/_upload/report-handler.ts). */
export const GET = reportHandler("unit");
