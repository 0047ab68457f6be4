// Modules that touch the database start with `import "server-only"`, so that Next refuses to bundle
// them into browser code. Outside Next (the CLI, `npm start`'s front, benchmarks) they are server code
// by definition: this resolve hook lets the marker through, as Next's own react-server condition does.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(specifier, context, next) {
        if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
        return next(specifier, context);
      }`,
    ),
);
