import { annexExportHandler } from "@/app/_documents/annex-export";

export const dynamic = "force-dynamic";

export const GET = annexExportHandler();
