/**
 * Rounding to an indicator's declared decimals. Pure, and shared: the build stores values rounded, the server
 * rounds planners' imported values where it merges them, the client rounds class limits. It lives with the
 * importers so that changing it changes the build id, and `npm start` rebuilds the values it rounded.
 */

/**
 * The value rounded to `decimals` decimals, halves away from zero, as a person rounds the number they read:
 * the digits are those of the shortest decimal form of the double (what String(value) shows, and what
 * Intl.NumberFormat rounds), so 1.005 gives 1.01 where Number((1.005).toFixed(2)) gives 1, and
 * 12.500000000000002 gives 12.5. A negative value that rounds to zero gives 0, not -0.
 */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  const [digits, exponent = '0'] = String(value).split('e');
  // Moving the decimal point in the text is exact; multiplying by 10 ** decimals is not (1.005 * 100 < 100.5).
  const scaled = Number(`${digits}e${Number(exponent) + decimals}`);
  // A whole number divided by a power of ten is the double nearest that decimal: no new noise.
  const rounded = (Math.sign(scaled) * Math.round(Math.abs(scaled))) / 10 ** decimals;
  return rounded === 0 ? 0 : rounded;
}

/**
 * The largest number of `decimals` decimals that is not above the value. A class limit moved there keeps
 * every value of that precision on the side of the limit it was on.
 */
export function roundDownTo(value: number, decimals: number): number {
  const near = roundTo(value, decimals);
  return near <= value ? near : roundTo(near - 10 ** -decimals, decimals);
}
