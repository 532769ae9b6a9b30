import { z } from 'zod';
import { testsFileSchema } from './tests-file-schema.js';

/** JSON schema of rule tests files, generated from the runner's own schema; written to rules/tests.schema.json. */
export const testsFileJsonSchema: object = z.toJSONSchema(testsFileSchema, { io: 'input', target: 'draft-7' });
