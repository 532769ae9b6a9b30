import { describe, expect, it } from 'vitest';
import { latestDeliveries } from '../../../../ui/components/alerts/latest-deliveries.js';

const d = (route: string, channel: string, state: string) => ({ route, channel, state });

describe("an alert's latest deliveries", () => {
  it('keeps only the latest outcome of a retried channel', () => {
    const out = latestDeliveries([d('soc', 'slack', 'failed'), d('soc', 'slack', 'failed'), d('soc', 'slack', 'sent')]);
    expect(out).toEqual([d('soc', 'slack', 'sent')]);
  });

  it('keeps one outcome per route and channel, in the order each first appears', () => {
    const out = latestDeliveries([
      d('soc', 'slack', 'failed'),
      d('soc', 'email', 'sent'),
      d('oncall', 'slack', 'sent'),
      d('soc', 'slack', 'dead'),
    ]);
    expect(out).toEqual([d('soc', 'slack', 'dead'), d('soc', 'email', 'sent'), d('oncall', 'slack', 'sent')]);
  });

  it('has nothing to show before any delivery', () => {
    expect(latestDeliveries([])).toEqual([]);
  });
});
