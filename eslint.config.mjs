import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The layers go one way: app/ → components/ and lib/ → db/ (README "Architecture"). These rules make a
// wrong-way import fail `npm run lint`, and so CI.
const layer = (files, patterns) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns }] },
});
const ban = (group, message) => ({ group, message });

const UP_FROM_DB = ban(["@/lib", "@/lib/**", "@/components", "@/components/**", "@/app/**", "@/jobs", "@/jobs/**", "@/auth", "../*"], "db/ is the floor: schema, connection, migrations, lock. It imports nothing from lib/, components/, app/ or jobs/.");
const UP_FROM_LIB = ban(["@/components", "@/components/**", "@/app/**", "@/jobs", "@/jobs/**", "@/cli/**", "@/scripts/**"], "lib/ is domain code: it knows no screen (components/, app/) and no entry point (jobs/, cli/).");
const DATA_FROM_COMPONENTS = ban(
  ["@/db", "@/db/**", "@/lib/db", "@/lib/auth/guards", "@/lib/auth/access", "@/lib/web/**", "@/app/**", "@/jobs", "@/jobs/**", "@/auth"],
  "components receive data; they never query, check access or call actions of app/ (pass what they need as props).",
);
const DB_FROM_APP = ban(["@/db", "@/db/**"], "app/ reaches the database only through lib/ (named read and write functions; getDb from @/lib/db).");
const SCREEN_FROM_ENTRY = ban(["@/components", "@/components/**", "@/app/**"], "jobs/ and cli/ call lib/; they render nothing.");

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", ".data/", "db/migrations/", "next-env.d.ts", "coverage/", "tmp/", "test-results/", "scripts/*.mjs", "eslint.config.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly" },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // forms and routes are async by nature; the framework awaits them
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // tests assert the shape of what they parse (CLI JSON, open data) and fake async interfaces
    // with plain functions; the rules below would only make them restate those shapes as types
    files: ["tests/**/*.ts"],
    rules: {
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
  layer(["db/**/*.ts"], [UP_FROM_DB]),
  layer(["lib/**/*.ts", "lib/**/*.tsx"], [UP_FROM_LIB]),
  layer(["components/**/*.ts", "components/**/*.tsx"], [DATA_FROM_COMPONENTS]),
  layer(["app/**/*.ts", "app/**/*.tsx"], [DB_FROM_APP]),
  layer(["jobs/**/*.ts", "cli/**/*.ts"], [SCREEN_FROM_ENTRY]),
  {
    // pages, handlers and components call named functions in lib/; SQL is written there
    files: ["app/**/*.ts", "app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^(query|exec|copyIn|transaction)$/]",
          message: "No SQL in app/ or components/: move the read or write into a named function in lib/.",
        },
      ],
    },
  },
);
