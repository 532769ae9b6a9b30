import { z } from 'zod';

/** `rules/lists/<name>.yaml`: a list of strings, or `{ description?, values }`; an empty file is an empty list. */
export const listFileSchema = z.union(
  [
    z.null(),
    z.array(z.string()),
    z.strictObject({ description: z.string().optional(), values: z.array(z.string()) }).meta({ title: 'list' }),
  ],
  { error: 'a list file holds a YAML list of strings, or a mapping with description and values' },
);
