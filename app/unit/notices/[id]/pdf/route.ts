import { noticePdfHandler } from "@/app/_documents/notice-pdf";

export const dynamic = "force-dynamic";

export const GET = noticePdfHandler((id) => `/unit/notices/${id}/print`);
