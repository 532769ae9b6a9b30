import { z } from 'zod';
import { ruleFileSchema } from './rule-file-schema.js';

/** JSON schema of rule files, generated from the loader's own schema; written to rules/rule.schema.json. */
export const ruleFileJsonSchema: object = z.toJSONSchema(ruleFileSchema, { io: 'input', target: 'draft-7' });
