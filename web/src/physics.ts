// The formulas the dashboard computes itself (everything else is the API's):
// - the Carnot (ideal) heating COP between a source and a sink, COP_max = T_hot / (T_hot - T_cold) in kelvin
//   (the second law, as the encyclopedia article "Heat pump" states it; docs/methods.md "Heat-pump limits
//   (Carnot)", src/core/heat-pump/carnot.ts), and the measured COP as a fraction of it (heatpumpmonitor.org
//   shows the same figure; conventional compression heat pumps reach 40-60 %, same source);
// - the cumulative present value of metering year by year, the evaluator's own annuity (docs/methods.md
//   "Formula or meter? (evaluation)").
// web/ imports nothing from src/ (it talks to TREC over HTTP), so these few lines are repeated here;
// test/web/units.test.ts holds them to the source's figures.

const KELVIN = 273.15;

/** Ideal heating COP between source and sink (degC); null when the sink is not warmer than the source. */
export function carnotCop(sourceC: number, sinkC: number): number | null {
  const sinkK = sinkC + KELVIN;
  const lift = sinkC - sourceC;
  return lift > 0 ? sinkK / lift : null;
}

/** Measured COP as a fraction of Carnot's; null where either is unknown. */
export function fractionOfCarnot(
  cop: number | null,
  sourceC: number | null,
  sinkC: number | null,
): number | null {
  if (cop === null || sourceC === null || sinkC === null) return null;
  const ideal = carnotCop(sourceC, sinkC);
  return ideal === null ? null : cop / ideal;
}

/**
 * Cumulative present value of metering, year by year (the evaluator's own annuity: end-of-year amounts
 * discounted at `rate`, docs/methods.md "Formula or meter? (evaluation)"): year 0 is minus the meter's cost,
 * year n adds (extra revenue - upkeep) / (1 + rate)^n. Year `years` equals the API's npv_usd.
 */
export function cumulativeValue(
  extraRevenuePerYearUsd: number,
  upkeepPerYearUsd: number,
  meterCostUsd: number,
  rate: number,
  years: number,
): number[] {
  const out = [-meterCostUsd];
  let v = -meterCostUsd;
  for (let n = 1; n <= years; n++) {
    v += (extraRevenuePerYearUsd - upkeepPerYearUsd) / (1 + rate) ** n;
    out.push(v);
  }
  return out;
}

/**
 * An annual formula figure pro-rated to `hours` (the GREC formula is annual, 8,760 h, Emergent Energy
 * Solutions 2022; issuance counts a period's share of it by its hours: 2026-Q3's 2,208 h of 431.32 MWh are
 * 108.7 MWh, 108 certificates, docs/walkthrough.md).
 */
export const proRata = (annual: number, hours: number): number => (annual * hours) / 8760;
