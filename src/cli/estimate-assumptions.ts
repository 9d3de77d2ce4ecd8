import type { Command } from 'commander';
import type { EstimateOptions, EstimateRun } from './estimate-options.ts';

/** One input of a result with where it comes from ("user" when given on the command line). */
export interface Assumption {
  name: string;
  value: number | string | boolean;
  unit: string;
  source: string;
}

/** The estimate's inputs as assumptions, each with its source (defaults: docs/methods.md, "Climate ..."). */
export function estimateAssumptions(o: EstimateOptions, cmd: Command, run: EstimateRun): Assumption[] {
  const user = (name: string) => cmd.getOptionValueSource(name) === 'cli';
  const item = (name: string, value: number | string, unit: string, fallback: string, given: boolean) => ({
    name,
    value,
    unit,
    source: given ? 'user' : fallback,
  });
  const w = run.weather;
  const list: Assumption[] = [
    item('estimate weather', `${w.site} (${w.source})`, '', '', true),
    item('system type', o.type, '', 'default of trec estimate', user('type')),
    item('heat-pump unit', run.model.name, '', '', true),
    {
      name: 'unit model',
      value: run.note,
      unit: '',
      source: 'docs/methods.md, "Performance maps and parametric models"',
    },
    item('design heat load', run.designLoadKw, 'kW', '', true),
    item(
      'design outdoor temperature',
      run.designOutdoorC,
      'degC',
      `${w.source} header: ASHRAE 99.6 % heating dry-bulb`,
      o.designTempC !== undefined,
    ),
    item(
      'balance point',
      o.balanceC,
      'degC',
      'default: traditional UK degree-day base (CIBSE TM41)',
      user('balanceC'),
    ),
  ];
  if (o.type === 'air-to-air')
    list.push(item('indoor air', o.indoorC, 'degC', 'default: EN 14511-2 rating condition', user('indoorC')));
  else {
    list.push(
      item(
        'leaving water at design',
        o.waterC,
        'degC',
        'default: EN 14511 / EN 14825 low-temperature application',
        user('waterC'),
      ),
    );
    if (o.waterAtBalanceC !== undefined)
      list.push(item('leaving water at balance', o.waterAtBalanceC, 'degC', '', true));
  }
  if (o.type === 'ground-source')
    list.push(
      o.groundC !== undefined
        ? item('brine temperature', o.groundC, 'degC', '', true)
        : item(
            'brine temperature',
            'from the daily mean air',
            '',
            'hplib calc_brine_temp (Fraunhofer ISE WP Monitor 2014); an assumption for North American loops',
            false,
          ),
    );
  list.push({
    name: 'estimate method',
    value:
      'hour by hour over a typical year, heating only, full-load COP at part load, unmet load never counted',
    unit: '',
    source: 'docs/methods.md, "Climate and seasonal estimates"',
  });
  return list;
}
