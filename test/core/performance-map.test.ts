import { describe, expect, it } from 'vitest';
import {
  bilinear,
  InputError,
  mapModel,
  OutOfRangeError,
  scaleToCapacity,
  validateGrid,
} from '../../src/core/index.ts';
import { findMap, loadReferenceMaps } from '../../src/ingest/performance-maps.ts';

const maps = loadReferenceMaps();

describe('bilinear interpolation on a performance map', () => {
  // AlphaInnotec_LW80MA, reference/performance-maps/aixlib_heatpump_tables_long.csv:
  //   capacity W35/A2 8000, W35/A7 9400, W45/A2 7733, W45/A7 9000; power 2424, 2410, 3053, 3000.
  const lw80 = findMap(maps, 'AlphaInnotec_LW80MA');

  it('matches a hand-computed point between four nodes', () => {
    // source 3 degC: v = (3 - 2) / (7 - 2) = 0.2; sink 38 degC: u = (38 - 35) / (45 - 35) = 0.3
    // capacity = 0.7*0.8*8000 + 0.3*0.8*7733 + 0.7*0.2*9400 + 0.3*0.2*9000
    //          = 4480 + 1855.92 + 1316 + 540 = 8191.92
    // power    = 0.7*0.8*2424 + 0.3*0.8*3053 + 0.7*0.2*2410 + 0.3*0.2*3000
    //          = 1357.44 + 732.72 + 337.4 + 180 = 2607.56
    const point = mapModel(lw80).at({ sourceC: 3, sinkC: 38, ambientC: 3 });
    expect(point.capacityW).toBeCloseTo(8191.92, 9);
    expect(point.powerW).toBeCloseTo(2607.56, 9);
    expect(point.cop).toBeCloseTo(8191.92 / 2607.56, 12);
  });

  it('throws OutOfRangeError outside the grid instead of extrapolating', () => {
    expect(() => bilinear(lw80.capacity, -7.01, 35)).toThrow(OutOfRangeError);
    expect(() => bilinear(lw80.capacity, 2, 50.5)).toThrow(OutOfRangeError);
    expect(() => bilinear(lw80.capacity, 2, 34.9)).toThrow(/outside the table/);
  });

  it('refuses cells next to a 0 node (outside the operating envelope)', () => {
    // Vitocal251A08 gives 0 W at W70/A-15 and W70/A-20, W65/A-20.
    const vitocal = findMap(maps, 'Vitocal251A08');
    expect(() => bilinear(vitocal.capacity, -17, 67)).toThrow(/operating envelope/);
    expect(bilinear(vitocal.capacity, -7, 70)).toBeGreaterThan(0);
  });

  it('scales capacity and power alike (AixLib scaling factor) so the COP is unchanged', () => {
    const scale = scaleToCapacity(lw80, 18800, { sourceC: 7, sinkC: 35 }); // table 9400 W at A7/W35
    expect(scale).toBe(2);
    const a = mapModel(lw80).at({ sourceC: 3, sinkC: 38, ambientC: 3 });
    const b = mapModel(lw80, scale).at({ sourceC: 3, sinkC: 38, ambientC: 3 });
    expect(b.capacityW).toBeCloseTo(2 * a.capacityW, 9);
    expect(b.cop).toBeCloseTo(a.cop, 12);
  });

  it('rejects malformed grids', () => {
    expect(() =>
      validateGrid(
        {
          sinkC: [35, 30],
          sourceC: [0, 5],
          valuesW: [
            [1, 1],
            [1, 1],
          ],
        },
        'x',
      ),
    ).toThrow(InputError);
    expect(() => validateGrid({ sinkC: [35, 45], sourceC: [0, 5], valuesW: [[1, 1]] }, 'x')).toThrow(
      /complete/,
    );
  });
});

describe('every reference map interpolates between its neighbours', () => {
  for (const map of maps)
    it(map.name, () => {
      for (const grid of [map.capacity, map.power])
        for (let i = 0; i + 1 < grid.sinkC.length; i++)
          for (let j = 0; j + 1 < grid.sourceC.length; j++) {
            const corners = [
              grid.valuesW[i]![j]!,
              grid.valuesW[i]![j + 1]!,
              grid.valuesW[i + 1]![j]!,
              grid.valuesW[i + 1]![j + 1]!,
            ];
            if (corners.some((v) => v <= 0)) continue;
            const mid = bilinear(
              grid,
              (grid.sourceC[j]! + grid.sourceC[j + 1]!) / 2,
              (grid.sinkC[i]! + grid.sinkC[i + 1]!) / 2,
            );
            // At the cell centre bilinear interpolation is the mean of the four corners.
            expect(mid).toBeCloseTo(corners.reduce((s, v) => s + v, 0) / 4, 6);
            expect(mid).toBeGreaterThanOrEqual(Math.min(...corners));
            expect(mid).toBeLessThanOrEqual(Math.max(...corners));
          }
    });
});
