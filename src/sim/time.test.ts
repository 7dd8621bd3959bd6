import { describe, expect, it } from 'vitest';
import { MINUTE, MS, SECOND, formatDuration, parseDuration, toMs } from './time';

describe('parseDuration', () => {
  it('reads strings with units into integer microseconds', () => {
    expect(parseDuration('250us')).toBe(250);
    expect(parseDuration('250µs')).toBe(250);
    expect(parseDuration('150ms')).toBe(150_000);
    expect(parseDuration('2s')).toBe(2_000_000);
    expect(parseDuration('5m')).toBe(300_000_000);
    expect(parseDuration('1h')).toBe(3_600_000_000);
    expect(parseDuration('1.5s')).toBe(1_500_000);
    expect(parseDuration(' 20 ms ')).toBe(20_000);
    expect(parseDuration('0s')).toBe(0);
  });

  it('reads plain numbers as milliseconds', () => {
    expect(parseDuration(1.5)).toBe(1500);
    expect(parseDuration(100)).toBe(100_000);
    expect(parseDuration(0)).toBe(0);
    expect(parseDuration(0.0004)).toBe(0); // rounds to whole µs
  });

  it('returns null for anything that is not a duration', () => {
    for (const bad of ['5 sec', '5', '', 'ms', '-5ms', '5ms5', '1e3ms', 'fast', '5S', '.5s', '5.s']) expect(parseDuration(bad)).toBeNull();
    for (const bad of [-1, NaN, Infinity, null, undefined, true, {}, [], ['5s']]) expect(parseDuration(bad)).toBeNull();
  });
});

describe('formatDuration', () => {
  it('picks the largest unit that reads naturally', () => {
    expect(formatDuration(250)).toBe('250us');
    expect(formatDuration(0)).toBe('0us');
    expect(formatDuration(150 * MS)).toBe('150ms');
    expect(formatDuration(1500)).toBe('1.5ms');
    expect(formatDuration(2 * SECOND)).toBe('2s');
    expect(formatDuration(1_204_000)).toBe('1.204s');
    expect(formatDuration(1_204_400)).toBe('1.204s'); // three decimals at most
    expect(formatDuration(5 * MINUTE)).toBe('5m');
    expect(formatDuration(90 * SECOND)).toBe('90s'); // not a whole number of minutes
  });

  it('round-trips through parseDuration for whole units', () => {
    for (const us of [250, 150 * MS, 2 * SECOND, 5 * MINUTE, 1500, 1_204_000]) expect(parseDuration(formatDuration(us))).toBe(us);
  });

  it('toMs converts µs to fractional ms', () => {
    expect(toMs(1_210_500)).toBe(1210.5);
  });
});
