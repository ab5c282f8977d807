import { describe, expect, it } from 'vitest';
import { formatAmount, formatPercent } from '../../src/report/format-amount.ts';

describe('formatPercent', () => {
  it('writes whole percents from 10% and two significant digits below', () => {
    expect(formatPercent(0.42)).toBe('42%');
    expect(formatPercent(0.061)).toBe('6.1%');
    expect(formatPercent(0.00018)).toBe('0.018%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('never rounds a share short of 1 to 100%', () => {
    expect(formatPercent(0.99919)).toBe('99.9%');
    expect(formatPercent(0.995)).toBe('99.5%');
    expect(formatPercent(0.9949)).toBe('99%');
    expect(formatPercent(0.99999)).toBe('> 99.9%');
    expect(formatPercent(1 - 1e-12)).toBe('> 99.9%');
    for (let share = 0.99; share < 1; share += 0.00001) expect(formatPercent(share), String(share)).not.toBe('100%');
  });

  it('never rounds a share above 0 to 0%, nor writes it with an exponent', () => {
    expect(formatPercent(0.0004)).toBe('0.04%');
    expect(formatPercent(1e-7)).toBe('< 0.001%');
    expect(formatPercent(5e-324)).toBe('< 0.001%');
    for (const share of [1e-3, 1e-4, 1e-5, 1.5e-5, 1e-6, 1e-9]) expect(formatPercent(share), String(share)).toMatch(/^(< )?0\.0*[1-9]\d*%$/);
  });
});

describe('formatAmount', () => {
  it('writes the currency and whole units with thousands separators', () => {
    expect(formatAmount(25_184_327.4, 'USD')).toBe('USD 25,184,327');
    expect(formatAmount(-0.4, 'USD')).toBe('USD 0');
  });
});
