import type { NextConfig } from "next";

const config: NextConfig = {
  // native or WASM database drivers and the XLSX reader run in Node as they are, not bundled
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "exceljs", "playwright-core"],
  poweredByHeader: false,
  reactStrictMode: true,
  // a rectification report carries up to 5 attachments of 5 MB (lib/notices/lifecycle.ts), plus its text
  experimental: { serverActions: { bodySizeLimit: "26mb" } },
};

export default config;
