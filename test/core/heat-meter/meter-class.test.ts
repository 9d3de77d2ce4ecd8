import { describe, expect, it } from 'vitest';
import { InputError, meterClassSpec, RegisterDropCounter } from '../../../src/core/index.ts';

describe('EN 1434 meter class from its parts', () => {
  it('none given is no class; all three give the class', () => {
    expect(meterClassSpec({})).toBeUndefined();
    expect(meterClassSpec({ meterClass: 2, qpM3h: 1.5, dtMinK: 3 })).toEqual({
      accuracyClass: 2,
      qpM3h: 1.5,
      dtMinK: 3,
    });
  });

  it('some but not all is an error about all three parts; a class outside 1-3 is an error about the class', () => {
    const partial = (() => {
      try {
        meterClassSpec({ meterClass: 2 });
      } catch (error) {
        return error;
      }
    })();
    expect(partial).toBeInstanceOf(InputError);
    expect((partial as InputError).where).toEqual({ path: ['meterClass'], also: [['qpM3h'], ['dtMinK']] });
    expect(() => meterClassSpec({ meterClass: 4, qpM3h: 1.5, dtMinK: 3 })).toThrow(/1, 2 or 3/);
  });
});

describe('register drops', () => {
  const counter = (heat: number[]) => {
    const c = new RegisterDropCounter();
    for (const h of heat) c.see({ heatRegisterJ: h, elecRegisterJ: NaN });
    return c.check();
  };
  it('a register that drops at 3 of 7 samples is an error check; one reset is not', () => {
    expect(counter([1, 2, 1, 2, 1, 2, 1])?.severity).toBe('error');
    expect(counter([100, 101, 102, 1, 2, 3, 4])).toBeUndefined();
  });
});
