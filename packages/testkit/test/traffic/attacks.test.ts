import { describe, expect, it } from 'vitest';
import { attackCatalogue } from '../../src/index.js';
import { isB2cActivity } from '../../src/traffic/activity-catalog.js';

const AT = Date.parse('2026-01-05T14:00:00Z');

describe('attackCatalogue', () => {
  it.each(attackCatalogue.map((attack) => [attack.id, attack] as const))(
    '%s: B2C records use real activity names under their categories; the rest come from directory services',
    (_, attack) => {
      for (const record of attack.records(AT)) {
        if (record.loggedByService === 'B2C') {
          expect(isB2cActivity(record.activityDisplayName!, record.category!), record.activityDisplayName!).toBe(true);
          continue;
        }
        expect(['Core Directory', 'Conditional Access', 'Authentication Methods']).toContain(record.loggedByService);
        expect(record.result).toBe('success');
      }
    },
  );

  it('the same attack for another tenant writes that tenant', () => {
    const tenant = 'fabrikamb2c.onmicrosoft.com';
    for (const attack of attackCatalogue)
      for (const record of attack.records(AT, { tenant })) {
        const text = JSON.stringify(record);
        expect(text, attack.id).not.toContain('contosob2c');
        if (record.loggedByService === 'B2C')
          expect(record.additionalDetails).toContainEqual({ key: 'TenantId', value: tenant });
      }
  });
});
