import { attachmentHandler } from "@/app/_documents/attachment";

export const dynamic = "force-dynamic";

export const GET = attachmentHandler("unit");
