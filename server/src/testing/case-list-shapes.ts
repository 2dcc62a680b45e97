// The admin panel's case lists at 1M, as the benches time them: server/src/cases/case-list.bench.ts (inside jest) and
// bench/case-list-http.mjs (the built server over HTTP, which reads this file through TypeScript's transpiler: keep it
// data only, without imports).
export const BOARD = { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline' };
export const NOV = { from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' };
/**
 * A time when almost no case of the fill was overdue yet (13 per running status): lists asked "as of" it are timed at
 * service level, the HTTP path always asking as of now (when every running case of the fill is overdue).
 */
export const EARLY = new Date('2026-01-01T06:00:00Z');

/**
 * [label, who, query, as of]: the admin panel's screens (queues.tsx, ExtensionsPage) with each filter they offer. The
 * fill ties department, category and status to the case number: department 5 holds dispatched cases of two categories
 * (no illegal_parking), department 6 resolved ones (no road_damage). The "none match" shapes ask for what the fill
 * lacks, so a walk that looks for it down its sort index reads a whole range.
 */
export const CASE_LIST_SHAPES: [string, 'dispatcher' | 'handler', Record<string, string | number | boolean>, Date?][] = [
  ['all, newest first', 'dispatcher', {}],
  ['all, page 500 by offset (9,980)', 'dispatcher', { page: 500 }],
  ['all, 500 pages deep by cursor', 'dispatcher', { deep: 1 }],
  ['running, deadline first', 'dispatcher', { status: 'dispatched,in_progress', sort: 'deadline' }],
  ['overdue (newest first)', 'dispatcher', { overdue: true }],
  ['category + November', 'dispatcher', { categoryCode: 'exposed_garbage', ...NOV }],
  ['triage: submitted, oldest first', 'dispatcher', { status: 'submitted', sort: 'createdAt' }],
  ['triage + category', 'dispatcher', { status: 'submitted', sort: 'createdAt', categoryCode: 'road_damage' }],
  ['board (4 states, deadline)', 'dispatcher', BOARD],
  ['board + department', 'dispatcher', { ...BOARD, departmentId: 5 }],
  ['board + category', 'dispatcher', { ...BOARD, categoryCode: 'road_damage' }],
  ['board + category by people affected', 'dispatcher', { ...BOARD, sort: '-meTooCount', categoryCode: 'road_damage' }],
  ['board + overdue', 'dispatcher', { ...BOARD, overdue: true }],
  ['board + overdue by people affected', 'dispatcher', { ...BOARD, sort: '-meTooCount', overdue: true }],
  ['board + pending extensions', 'dispatcher', { ...BOARD, extension: 'pending' }],
  ['board by people affected', 'dispatcher', { ...BOARD, sort: '-meTooCount' }],
  ['board + department by people affected', 'dispatcher', { ...BOARD, sort: '-meTooCount', departmentId: 5 }],
  [
    'board + department + category by people affected',
    'dispatcher',
    { ...BOARD, sort: '-meTooCount', departmentId: 5, categoryCode: 'road_damage' },
  ],
  ['board: closed, deadline', 'dispatcher', { status: 'closed', sort: 'deadline' }],
  [
    'board: closed + department + category',
    'dispatcher',
    { status: 'closed', sort: 'deadline', departmentId: 7, categoryCode: 'road_damage' },
  ],
  ['verify: resolved, by update', 'dispatcher', { status: 'resolved', sort: 'updatedAt' }],
  ['verify + department', 'dispatcher', { status: 'resolved', sort: 'updatedAt', departmentId: 5 }],
  ['verify + department + category', 'dispatcher', { status: 'resolved', sort: 'updatedAt', departmentId: 5, categoryCode: 'road_damage' }],
  ['verify + category (none match)', 'dispatcher', { status: 'resolved', sort: 'updatedAt', categoryCode: 'road_damage' }],
  ['department queue + category', 'handler', { status: 'dispatched,in_progress', sort: 'deadline', categoryCode: 'road_damage' }],
  ['department queue (handler)', 'handler', { status: 'dispatched,in_progress', sort: 'deadline' }],
  ['department queue + overdue', 'handler', { status: 'dispatched,in_progress', sort: 'deadline', overdue: true }],
  ['department queue + mine', 'handler', { status: 'dispatched,in_progress', sort: 'deadline', assignedTo: 'me' }],
  ['extensions page', 'dispatcher', { extension: 'pending', sort: 'deadline' }],
  ['search by case number', 'dispatcher', { ...BOARD, q: '123457' }],
  [
    'board + department + category by people affected (none match)',
    'dispatcher',
    { ...BOARD, sort: '-meTooCount', departmentId: 5, categoryCode: 'illegal_parking' },
  ],
  [
    'verify + department + category (none match)',
    'dispatcher',
    { status: 'resolved', sort: 'updatedAt', departmentId: 6, categoryCode: 'road_damage' },
  ],
  ['board + overdue by people affected (few match, as of Jan 1)', 'dispatcher', { ...BOARD, sort: '-meTooCount', overdue: true }, EARLY],
  [
    'board + overdue + category by people affected (few match, as of Jan 1)',
    'dispatcher',
    { ...BOARD, sort: '-meTooCount', overdue: true, categoryCode: 'road_damage' },
    EARLY,
  ],
  [
    'board + overdue + department by people affected (few match, as of Jan 1)',
    'dispatcher',
    { ...BOARD, sort: '-meTooCount', overdue: true, departmentId: 5 },
    EARLY,
  ],
  [
    'board + overdue + department + category by people affected (few match, as of Jan 1)',
    'dispatcher',
    { ...BOARD, sort: '-meTooCount', overdue: true, departmentId: 5, categoryCode: 'road_damage' },
    EARLY,
  ],
  ['board + overdue (deadline, few match, as of Jan 1)', 'dispatcher', { ...BOARD, overdue: true }, EARLY],
  ['overdue, newest first (few match, as of Jan 1)', 'dispatcher', { overdue: true }, EARLY],
  ['board + words (none match)', 'dispatcher', { ...BOARD, q: '没有这样的地址' }],
  // On a fill with texts (docs/performance.md, the search box, twelfth round): one case holds 迎春路; every piece of
  // 人民路灯 is in every block but no case holds the words; 垃圾 is in 1 case of 12.
  ['verify + words (none match)', 'dispatcher', { status: 'resolved', sort: 'updatedAt', q: '没有这样的地址' }],
  ['triage + words, one character (none match)', 'dispatcher', { status: 'submitted', sort: 'createdAt', q: '屿' }],
  ['all + words, one case holds them', 'dispatcher', { q: '迎春路' }],
  ['board + words, common', 'dispatcher', { ...BOARD, q: '垃圾' }],
  ['board + words, every piece common (none match)', 'dispatcher', { ...BOARD, q: '人民路灯' }],
  // Common words on that fill: 井 (one character) as 垃圾, 东风路 in 1 case of 20, 社区服务中心 (a landmark) in 1 of 5;
  // 东风路45号 in 1 of 6,000, spread over every block.
  ['all + words, common', 'dispatcher', { q: '垃圾' }],
  ['triage + words, common', 'dispatcher', { status: 'submitted', sort: 'createdAt', q: '垃圾' }],
  ['verify + words, common', 'dispatcher', { status: 'resolved', sort: 'updatedAt', q: '垃圾' }],
  ['board + department + words, common', 'dispatcher', { ...BOARD, departmentId: 5, q: '垃圾' }],
  ['board + words, common, one character', 'dispatcher', { ...BOARD, q: '井' }],
  ['board + words, common road', 'dispatcher', { ...BOARD, q: '东风路' }],
  ['board + words, common landmark', 'dispatcher', { ...BOARD, q: '社区服务中心' }],
  ['board + words, one road number', 'dispatcher', { ...BOARD, q: '东风路45号' }],
  // A road number is rare in every status on the spread fill (1 case in 6,000): read by the index's runs of 8 ids.
  ['all + words, one road number', 'dispatcher', { q: '东风路45号' }],
  ['triage + words, one road number', 'dispatcher', { status: 'submitted', sort: 'createdAt', q: '滨江路123号' }],
  ['verify + words, one road number', 'dispatcher', { status: 'resolved', sort: 'updatedAt', q: '东风路45号' }],
  ['board + words, one house number on every road', 'dispatcher', { ...BOARD, q: '路45号' }],
  // The same word on the other lists the panel offers: all walks newest first (on MariaDB forward down its descending
  // index since the eighteenth round: no index condition on a backward scan), triage and verify forward.
  ['all + words, one house number on every road', 'dispatcher', { q: '路45号' }],
  ['triage + words, one house number on every road', 'dispatcher', { status: 'submitted', sort: 'createdAt', q: '路45号' }],
  ['verify + words, one house number on every road', 'dispatcher', { status: 'resolved', sort: 'updatedAt', q: '路45号' }],
  // Its pieces 123, 23号 and 路12 come together in any road's 123号: more false runs than 东风路45号.
  ['board + words, one road number, pieces met often', 'dispatcher', { ...BOARD, q: '滨江路123号' }],
  ['all + words, one road number, pieces met often', 'dispatcher', { q: '滨江路123号' }],
  ['all + words, common, one character', 'dispatcher', { q: '井' }],
  ['all + words, common road', 'dispatcher', { q: '东风路' }],
];
