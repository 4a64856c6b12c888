// Lint rules: typescript-eslint's recommended set over every TypeScript file (src/, scripts/, bench/).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "dist-bench/", "dist-*/", "node_modules/", ".fifteen/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Only src/config reads process.env." },
      ],
      // Never a shell string: spawn/execFile with an argv array (and `--` before user input).
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "node:child_process",
              importNames: ["exec", "execSync"],
              message: "exec runs a shell string; use spawn or execFile with an argv array.",
            },
            {
              name: "child_process",
              message: "Import node:child_process (and never exec or execSync).",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "Property[key.name='shell'][value.value=true]",
          message: "shell: true turns the argv into a shell string; pass an argv array instead.",
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(exec|execSync)$/][callee.object.name=/child_?process/i]",
          message: "exec runs a shell string; use spawn or execFile with an argv array.",
        },
      ],
    },
  },
  {
    files: ["src/config/**/*.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["scripts/**/*.mjs", "*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
