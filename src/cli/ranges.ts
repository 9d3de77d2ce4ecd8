import { InvalidArgumentError, type Command } from 'commander';
import { describeRange, inRange, rangeMessage, RANGES, type Range, type RangedInput } from '../app/index.ts';
import { parseNumber } from './context.ts';

/** `--design-temp-c` -> `designTempC`: the use-case input a numeric option feeds. */
type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
export type RangedOption = { [K in RangedInput]: `--${Kebab<K>}` }[RangedInput];
type Kebab<S extends string> = S extends `${infer A}${infer B}`
  ? `${A extends Uppercase<A> ? (A extends Lowercase<A> ? A : `-${Lowercase<A>}`) : A}${Kebab<B>}`
  : S;

const inputOf = <O extends RangedOption>(option: O) =>
  option.slice(2).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) as Camel<
    O extends `--${infer N}` ? N : never
  > &
    RangedInput;

/**
 * commander argument parser for `option`: a decimal number (parseNumber) inside the range of the use-case
 * input it feeds (src/app/ranges.ts). commander prints the option and the text as typed before the reason.
 */
export function ranged(option: RangedOption): RangedParser {
  const r: Range = RANGES[inputOf(option)];
  const parse = (text: string) => {
    const value = parseNumber(text);
    if (!inRange(r, value)) throw new InvalidArgumentError(rangeMessage(r));
    return value;
  };
  return Object.assign(parse, { range: r });
}

export type RangedParser = ((text: string) => number) & { range: Range };

/** Appends each ranged option's range to its --help line, so the help says what is accepted. */
export function helpWithRanges(cmd: Command): Command {
  for (const option of cmd.options) {
    const range = (option.parseArg as Partial<RangedParser> | undefined)?.range;
    if (range) option.description = `${option.description} [${describeRange(range)}]`;
  }
  return cmd;
}
