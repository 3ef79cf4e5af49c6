// Validates documents against the JSON Schemas of `draaiboek schema` with
// ajv (draft 2020-12). Input: a JSON plan {schemas: {name: schema},
// documents: [{schema, name, data}]}; output: for each document its errors
// ([] when valid), each {path, keyword, params}.
import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const compiled = {};
for (const [name, schema] of Object.entries(plan.schemas)) compiled[name] = ajv.compile(schema);
const out = plan.documents.map((d) => {
  const validate = compiled[d.schema];
  if (validate(d.data)) return { name: d.name, errors: [] };
  return {
    name: d.name,
    errors: validate.errors.map((e) => ({ path: e.instancePath, keyword: e.keyword, params: e.params })),
  };
});
process.stdout.write(JSON.stringify(out));
