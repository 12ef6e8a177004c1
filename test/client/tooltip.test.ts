import { describe, expect, it } from 'vitest';
import type { CommuneProperties, Indicator, Source } from '../../client/src/api.ts';
import { communeTooltipFacts, flowTooltipLines, tooltipLines, type TooltipFacts } from '../../client/src/tooltip.ts';
import type { FlowProperties } from '../../client/src/flows.ts';

/**
 * Hand-written indicator shaped like IndicatorRecord (server/indicator-store.ts). The titles are real
 * words; the unit deliberately lacks de, it and sl, to check the fallback to English. Values are made up.
 */
const INDICATOR: Indicator = {
  id: 'population',
  subject: 'commune',
  titles: { en: 'Population', fr: 'Population', it: 'Popolazione', de: 'Bevölkerung', sl: 'Prebivalstvo' },
  units: { en: 'inhabitants', fr: 'habitants' },
  descriptions: { en: 'Fixture description.' },
  importable: false,
  methods: { en: 'fixture' },
  decimals: 0,
  periods: [{ period: '2021', labels: { en: 'Fixture census 2021' }, referenceDate: '2021-01-01' }],
  sources: ['fixture-source'],
};

const FULL: TooltipFacts = {
  name: 'Fixture commune',
  indicator: INDICATOR,
  value: { value: 1234, period: '2021', source: 'fixture-source' },
  rank: { rank: 2, count: 14 },
  territoryName: 'Fixture territory',
  periodLabel: 'Fixture census 2021',
  sourceTitle: 'Fixture source',
};

describe('tooltipLines', () => {
  it('lists name, value with unit, rank, period and source', () => {
    expect(tooltipLines(FULL, 'en')).toEqual([
      'Fixture commune',
      'Population: 1,234 inhabitants',
      'Rank 2 of 14 in Fixture territory',
      'Period: Fixture census 2021',
      'Source: Fixture source',
    ]);
  });

  it('speaks the chosen language', () => {
    expect(tooltipLines(FULL, 'fr')).toEqual([
      'Fixture commune',
      'Population : 1\u202f234 habitants',
      'Rang 2 sur 14 (Fixture territory)',
      'Période : Fixture census 2021',
      'Source : Fixture source',
    ]);
  });

  it('falls back to the English unit when the language has none', () => {
    expect(tooltipLines(FULL, 'de')[1]).toBe('Bevölkerung: 1.234 inhabitants');
  });

  it('without a value shows "no data" (never 0) and no rank, period or source', () => {
    const lines = tooltipLines({ ...FULL, value: undefined, rank: null }, 'en');
    expect(lines).toEqual(['Fixture commune', 'Population: no data']);
  });

  it('without a value leaves out period and source even when their labels are known', () => {
    expect(tooltipLines({ ...FULL, value: undefined, rank: null }, 'it')).toEqual([
      'Fixture commune',
      'Popolazione: nessun dato',
    ]);
  });

  it('leaves out the rank without a rank or without a territory name', () => {
    expect(tooltipLines({ ...FULL, rank: null }, 'en')).not.toContain('Rank 2 of 14 in Fixture territory');
    expect(tooltipLines({ ...FULL, rank: null }, 'en')).toHaveLength(4);
    expect(tooltipLines({ ...FULL, territoryName: null }, 'en')).toEqual([
      'Fixture commune',
      'Population: 1,234 inhabitants',
      'Period: Fixture census 2021',
      'Source: Fixture source',
    ]);
  });

  it('leaves out period and source when their labels are unknown', () => {
    expect(tooltipLines({ ...FULL, periodLabel: null, sourceTitle: null }, 'en')).toEqual([
      'Fixture commune',
      'Population: 1,234 inhabitants',
      'Rank 2 of 14 in Fixture territory',
    ]);
  });

  it('shows a value of 0 as 0, not as no data', () => {
    expect(tooltipLines({ ...FULL, value: { value: 0, period: '2021', source: 'fixture-source' } }, 'en')[1]).toBe(
      'Population: 0 inhabitants',
    );
  });
});

describe('communeTooltipFacts', () => {
  /** Hand-written communes A (hovered), B and C of a made-up territory; values are made up. */
  const COMMUNE = { code: 'A', name: 'Fixture commune', territories: ['t1'] } as CommuneProperties;
  const VALUES = new Map([
    ['A', { value: 1234, period: '2021', source: 'fixture-source' }],
    ['B', { value: 5000, period: '2021', source: 'fixture-source' }],
    ['C', { value: 10, period: '2015', source: 'other-source' }],
  ]);
  const SOURCE = { titles: { en: 'Fixture source', fr: 'Source fictive' } } as unknown as Source;
  const SOURCES = new Map([['fixture-source', SOURCE]]);
  const TERRITORY = { id: 't1', name: 'Fixture territory', members: ['A', 'B', 'C'] };
  const shown = { indicator: INDICATOR, values: VALUES, sources: SOURCES };

  it('gives the value, its rank in the territory, the period’s label and the source’s title in the language', () => {
    expect(communeTooltipFacts(COMMUNE, shown, TERRITORY, 'en')).toEqual({ ...FULL, rank: { rank: 2, count: 3 } });
    expect(communeTooltipFacts(COMMUNE, shown, TERRITORY, 'fr').sourceTitle).toBe('Source fictive');
  });

  it('names a period the indicator does not list by its id, and a source without a record by its id', () => {
    const facts = communeTooltipFacts({ ...COMMUNE, code: 'C' }, shown, TERRITORY, 'en');
    expect([facts.periodLabel, facts.sourceTitle]).toEqual(['2015', 'other-source']);
  });

  it('has no territory name without a territory to compare with, so the tooltip shows no rank', () => {
    const facts = communeTooltipFacts(COMMUNE, shown, null, 'en');
    expect(facts.territoryName).toBeNull();
    expect(tooltipLines(facts, 'en')).not.toContain('Rank 1 of 0 in Fixture territory');
    expect(tooltipLines(facts, 'en')).toHaveLength(4);
  });

  it('gives no value, rank, period or source for a commune without a value', () => {
    const facts = communeTooltipFacts({ ...COMMUNE, code: 'D' }, shown, TERRITORY, 'en');
    expect(facts).toMatchObject({ value: undefined, rank: null, periodLabel: null, sourceTitle: null });
    expect(facts.territoryName).toBe('Fixture territory');
  });
});

describe('flowTooltipLines', () => {
  /** Hand-written flow between made-up places; the number is made up. */
  const FLOW: FlowProperties = {
    kind: 'nearest-hospital',
    origin_code: '00001',
    origin_name: 'Fixture village',
    destination_code: null,
    destination_name: 'Fixture hospital',
    destination_country: 'FR',
    cross_border: true,
    period: 'p2021',
    value: 2878,
    source: 's',
  };

  it('names origin and destination, the kind, the people and the period, and says the flow crosses the border', () => {
    expect(flowTooltipLines(FLOW, 'en')).toEqual([
      'Fixture village → Fixture hospital',
      'Potential flows to the nearest facility: 2,878 people (p2021)',
      'Across the border',
    ]);
  });

  it(
    'names the country of a flow to a whole country, in the language of the page, and leaves out the border line ' +
      'within a country',
    () => {
      expect(
        flowTooltipLines(
          { ...FLOW, kind: 'commute', destination_name: null, destination_country: 'IT', cross_border: false },
          'de',
        ),
      ).toEqual(['Fixture village → Italien', 'Pendeln zur Arbeit: 2.878 Personen (p2021)']);
      expect(flowTooltipLines({ ...FLOW, destination_name: null, destination_country: 'CH' }, 'fr')[0]).toBe(
        'Fixture village → Suisse',
      );
      // A country the atlas has no municipality of is named by its code.
      expect(flowTooltipLines({ ...FLOW, destination_name: null, destination_country: 'HR' }, 'fr')[0]).toBe(
        'Fixture village → HR',
      );
    },
  );
});
