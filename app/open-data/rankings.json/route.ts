import { serveOpenData } from "@/lib/publication/open-data-route";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return serveOpenData(request, "json");
}
