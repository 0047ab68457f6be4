import type { NextConfig } from "next";
import { PRIVATE_PATHS, SECURITY_HEADERS } from "./lib/web/security-headers";

const asList = (h: Record<string, string>) => Object.entries(h).map(([key, value]) => ({ key, value }));

const config: NextConfig = {
  // native or WASM database drivers and the XLSX reader run in Node as they are, not bundled
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "exceljs", "playwright-core"],
  poweredByHeader: false,
  reactStrictMode: true,
  // a rectification report carries up to 5 attachments of 5 MB (lib/notices/lifecycle.ts), plus its text
  experimental: { serverActions: { bodySizeLimit: "26mb" } },
  headers() {
    return Promise.resolve([
      { source: "/:path*", headers: asList(SECURITY_HEADERS) },
      ...PRIVATE_PATHS.map((source) => ({ source, headers: [{ key: "cache-control", value: "no-store" }] })),
    ]);
  },
};

export default config;
