import type { NextConfig } from "next";

const config: NextConfig = {
  // native or WASM database drivers and the XLSX reader run in Node as they are, not bundled
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "exceljs", "playwright-core"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
