import "server-only";
import { headers } from "next/headers";
import { langOf, type Lang } from "@/lib/i18n";

/**
 * The language of the page being rendered, for what sits above the page (the root layout's
 * `<html lang>`, the 404 page): proxy.ts reads `?lang=` and passes it on; a client's own value is replaced.
 */
export async function requestLang(): Promise<Lang> {
  try {
    return langOf((await headers()).get("x-wenxiao-lang") ?? undefined);
  } catch {
    return "zh"; // outside a request
  }
}
