import { monitoringChanges, monitoringPoints, type SpotEvent } from './monitoring-points';

const BASE = { lat: 30.27, lng: 120.15 };
/** A point `northM` metres north of BASE. */
const north = (northM: number) => ({ lat: BASE.lat + northM / 111_195, lng: BASE.lng });
/** 10:00 China time on a China day. */
const day = (d: string) => new Date(`${d}T02:00:00Z`);
let nextId = 1;
const ev = (kind: SpotEvent['kind'], at: string, over: Partial<SpotEvent> = {}): SpotEvent => ({
  kind,
  id: nextId++,
  categoryCode: 'litter',
  ...BASE,
  at: day(at),
  gridId: 7,
  roundId: null,
  areaId: null,
  address: null,
  ...over,
});
const c = (at: string, over: Partial<SpotEvent> = {}) => ev('case', at, over);
const f = (at: string, roundId: number, over: Partial<SpotEvent> = {}) => ev('finding', at, { roundId, areaId: 1, ...over });
/** Rounds 1, 2, 3 inspected area 1 in that order; round 9 area 2. */
const previousRound = (roundId: number, areaId: number) => (areaId === 1 && roundId > 1 && roundId <= 3 ? roundId - 1 : null);
const run = (events: SpotEvent[], now: string) =>
  monitoringPoints({ events, radiusM: (code) => (code === 'wide' ? 200 : 50), previousRound, now: day(now) });

describe('key monitoring points (docs/domain.md §16)', () => {
  it('three cases of one category within the radius in 90 days make a point; two do not', () => {
    expect(run([c('2026-10-01'), c('2026-10-20', north(30))], '2026-11-01')).toEqual([]);
    const [p] = run([c('2026-10-01'), c('2026-10-20', north(30)), c('2026-11-01', north(-40))], '2026-11-05');
    expect(p).toMatchObject({ reason: 'repeated_cases', since: day('2026-11-01'), cleanDays: 3, clearsOn: '2027-01-01' });
    expect(p.events).toHaveLength(3);
  });

  it('counts only cases of the same category, within the radius of the spot, inside 90 China days', () => {
    const cases: [string, SpotEvent[]][] = [
      ['another category', [c('2026-10-01'), c('2026-10-02'), c('2026-10-03', { categoryCode: 'graffiti' })]],
      ['outside the radius', [c('2026-10-01'), c('2026-10-02'), c('2026-10-03', north(60))]],
      ['first case 90 days before the third', [c('2026-07-01'), c('2026-08-01'), c('2026-09-29')]],
    ];
    for (const [why, events] of cases) expect({ why, points: run(events, '2026-10-05') }).toEqual({ why, points: [] });
    expect(run([c('2026-07-01'), c('2026-08-01'), c('2026-09-28')], '2026-10-05')).toHaveLength(1); // 89 days apart
    // A category's own radius: 200 m for this one.
    expect(
      run(
        [
          c('2026-10-01', { categoryCode: 'wide' }),
          c('2026-10-02', { categoryCode: 'wide', ...north(150) }),
          c('2026-10-03', { categoryCode: 'wide', ...north(-150) }),
        ],
        '2026-10-05',
      ),
    ).toHaveLength(1);
  });

  it('a finding of the category at the spot in the next round of the same area makes a point', () => {
    expect(run([f('2026-10-05', 1), f('2026-10-20', 2, north(20))], '2026-10-21')).toMatchObject([
      { reason: 'repeated_findings', since: day('2026-10-20') },
    ]);
    // Not consecutive (round 1, then 3), another area's round, or two findings in one round: not a point.
    expect(run([f('2026-10-05', 1), f('2026-10-25', 3)], '2026-10-26')).toEqual([]);
    expect(run([f('2026-10-05', 9, { areaId: 2 }), f('2026-10-20', 2)], '2026-10-21')).toEqual([]);
    expect(run([f('2026-10-05', 2), f('2026-10-06', 2)], '2026-10-21')).toEqual([]);
  });

  it('leaves the list after 60 whole clean China days, counted from the last case or finding there', () => {
    const events = [c('2026-10-01'), c('2026-10-02'), c('2026-10-03'), f('2026-10-10', 1)];
    expect(run(events, '2026-12-09')).toMatchObject([{ cleanDays: 59, clearsOn: '2026-12-10', lastEventAt: day('2026-10-10') }]);
    expect(run(events, '2026-12-10')).toEqual([]);
    // The day boundary is China's: 2026-12-09 23:30 in China is still the 59th clean day.
    expect(monitoringPoints({ events, radiusM: () => 50, previousRound, now: new Date('2026-12-09T15:30:00Z') })).toHaveLength(1);
    expect(monitoringPoints({ events, radiusM: () => 50, previousRound, now: new Date('2026-12-09T16:00:00Z') })).toEqual([]);
  });

  it('a relapse after leaving comes back only when the rule is met again', () => {
    const first = [c('2026-05-01'), c('2026-05-02'), c('2026-05-03')];
    // cleared on 2026-07-03; one case in September is within 90 days of nothing: not listed
    expect(run([...first, c('2026-09-01')], '2026-09-02')).toEqual([]);
    // three again: listed from the third
    expect(run([...first, c('2026-09-01'), c('2026-09-10'), c('2026-09-20')], '2026-09-21')).toMatchObject([
      { since: day('2026-09-20'), events: [{ at: day('2026-09-01') }, { at: day('2026-09-10') }, { at: day('2026-09-20') }] },
    ]);
  });

  it('keeps one point per spot and category, keyed by the event it is centred on', () => {
    const a = c('2026-10-01');
    const points = run(
      [
        a,
        c('2026-10-02'),
        c('2026-10-03'),
        c('2026-10-04'),
        c('2026-10-01', north(500)),
        c('2026-10-02', north(520)),
        c('2026-10-03', north(480)),
      ],
      '2026-10-05',
    );
    expect(points).toHaveLength(2);
    expect(points.map((p) => p.key)).toContain(`litter:case:${a.id}`);
    expect(points.find((p) => p.key === `litter:case:${a.id}`)!.events).toHaveLength(4);
  });

  describe('in a document covering a period (the 简报 and 督查通报)', () => {
    /** China month: from its first midnight to its last millisecond. */
    const month = (m: string, next: string) => ({
      from: new Date(`${m}-01T00:00:00+08:00`),
      now: new Date(new Date(`${next}-01T00:00:00+08:00`).getTime() - 1),
    });
    const changes = (events: SpotEvent[], period: { from: Date; now: Date }) =>
      monitoringChanges({ events, radiusM: () => 50, previousRound, ...period }).map((p) => ({
        change: p.change,
        since: p.since,
        clearedOn: p.clearedOn,
      }));
    const three = (d1: string, d2: string, d3: string, northM: number) => [
      c(d1, north(northM)),
      c(d2, north(northM)),
      c(d3, north(northM)),
    ];

    it('lists the points new in the period, still listed, and cleared in it; not those cleared before', () => {
      const events = [
        ...three('2026-07-01', '2026-07-02', '2026-07-03', 0), // cleared 2026-09-02
        ...three('2026-09-01', '2026-09-02', '2026-09-03', 500), // cleared 2026-11-03
        ...three('2026-10-01', '2026-10-02', '2026-10-03', 1000), // clears 2026-12-03
        ...three('2026-11-05', '2026-11-06', '2026-11-07', 1500),
      ];
      expect(changes(events, month('2026-11', '2026-12'))).toEqual([
        { change: 'new', since: day('2026-11-07'), clearedOn: null },
        { change: 'listed', since: day('2026-10-03'), clearedOn: null },
        { change: 'cleared', since: day('2026-09-03'), clearedOn: '2026-11-03' },
      ]);
    });

    it('a point leaving on the first day of a month is cleared in that month, and still listed in the one before', () => {
      const events = three('2026-08-30', '2026-08-31', '2026-09-01', 0); // 60 clean days: 09-02 … 10-31
      expect(changes(events, month('2026-10', '2026-11'))).toEqual([{ change: 'listed', since: day('2026-09-01'), clearedOn: null }]);
      expect(changes(events, month('2026-11', '2026-12'))).toEqual([
        { change: 'cleared', since: day('2026-09-01'), clearedOn: '2026-11-01' },
      ]);
      expect(changes(events, month('2026-12', '2027-01'))).toEqual([]);
    });

    it('a spot that left and came back in the period is listed once as cleared and once as new', () => {
      const events = [...three('2026-08-01', '2026-08-02', '2026-08-03', 0), ...three('2026-10-10', '2026-10-11', '2026-10-12', 0)];
      expect(changes(events, month('2026-10', '2026-11')).map((p) => p.change)).toEqual(['new', 'cleared']);
    });
  });
});
