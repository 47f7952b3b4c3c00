// graphql-inspector's verdict on GraphQL contract pairs, as JSON, for tests/test_graphql_inspector.py.
//
//   node tests/graphql_inspector_diff.mjs OLD NEW      one pair: a JSON array of changes
//   node tests/graphql_inspector_diff.mjs --batch      pairs from stdin ([{"name", "old", "new"}]):
//                                                      {name: [changes] | {"error": message}}
//
// OLD and NEW are an SDL file, an introspection result (.json, bare or under "data") or a folder
// of SDL files (read sorted and joined, as apidiff reads a folder). Each change is
// {type, level, path, message, meta}, sorted, from @graphql-inspector/core's `diff` with no rules.
// The package is looked up under APIDIFF_PEERS, or tests/benchmarks/.peers (`make bench-peers`).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const peers = process.env.APIDIFF_PEERS || join(here, "benchmarks", ".peers");
const require = createRequire(join(peers, "package.json"));
const { diff } = require("@graphql-inspector/core");
// The graphql-js the inspector itself resolves: one instance, or its instanceof checks fail.
const graphql = require(
  createRequire(require.resolve("@graphql-inspector/core")).resolve("graphql"),
);

const SDL = [".graphql", ".graphqls", ".gql"];
// As graphql-inspector's GitHub action builds a schema (cli/cjs/action/helpers/schema.js).
const BUILD = { assumeValid: true, assumeValidSDL: true };

function files(folder) {
  const out = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (SDL.some((s) => name.endsWith(s))) out.push(path);
  }
  return out;
}

function load(path) {
  if (statSync(path).isDirectory()) {
    const text = files(path)
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    return graphql.buildSchema(text, BUILD);
  }
  const text = readFileSync(path, "utf8");
  if (path.endsWith(".json")) {
    const data = JSON.parse(text);
    return graphql.buildClientSchema(data.data && data.data.__schema ? data.data : data, BUILD);
  }
  return graphql.buildSchema(text, BUILD);
}

async function compare(oldPath, newPath) {
  const changes = await diff(load(oldPath), load(newPath));
  const out = changes.map((c) => ({
    type: c.type,
    level: c.criticality.level,
    path: c.path ?? null,
    message: c.message,
    meta: c.meta ?? {},
  }));
  const key = (c) => [c.path ?? "", c.type, c.level, c.message].join("\u0000");
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--batch") {
    const pairs = JSON.parse(readFileSync(0, "utf8"));
    const result = {};
    for (const { name, old, new: next } of pairs) {
      try {
        result[name] = await compare(old, next);
      } catch (error) {
        result[name] = { error: String(error && error.message ? error.message : error) };
      }
    }
    process.stdout.write(JSON.stringify(result, null, 1) + "\n");
  } else if (args.length === 2) {
    process.stdout.write(JSON.stringify(await compare(args[0], args[1]), null, 1) + "\n");
  } else {
    process.stderr.write("usage: graphql_inspector_diff.mjs OLD NEW | --batch < pairs.json\n");
    process.exit(2);
  }
}

await main();
