import type { NextConfig } from "next";
import { PRIVATE_PATHS, SECURITY_HEADERS, STATIC_FILES_CSP, STATIC_PATHS } from "./lib/web/security-headers";

const asList = (h: Record<string, string>) => Object.entries(h).map(([key, value]) => ({ key, value }));

const config: NextConfig = {
  // native or WASM database drivers and the XLSX reader run in Node as they are, not bundled
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "exceljs", "playwright-core"],
  poweredByHeader: false,
  reactStrictMode: true,
  // server actions keep Next's 1 MB limit: they carry form fields only. A rectification report's files
  // (5 of 5 MB) go to a route handler that streams them (app/unit/notices/[id]/report/route.ts)
  headers() {
    return Promise.resolve([
      { source: "/:path*", headers: asList(SECURITY_HEADERS) },
      ...STATIC_PATHS.map((source) => ({ source, headers: [{ key: "content-security-policy", value: STATIC_FILES_CSP }] })),
      ...PRIVATE_PATHS.map((source) => ({ source, headers: [{ key: "cache-control", value: "no-store" }] })),
    ]);
  },
};

export default config;
