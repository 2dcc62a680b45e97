import { CASE_STATUS_RESIDENT_LABELS, type CaseStatus, chinaWallClock } from '@sansui/shared';
import type { AppConfig } from '../config/app-config';

/** Our subscription-message templates. The field names are those of the templates chosen in the mini-program console. */
export const TEMPLATE_DEFS = {
  /** 案件处理进度通知: accepted / rejected / dispatched / resolved / closed / reopened. 问题地点 is the address. */
  case_progress: {
    title: '问题处理进度通知',
    fields: { category: 'thing1', status: 'phrase2', time: 'time3', note: 'thing4', place: 'thing5' },
    defaultPage: 'pkg-mine/reports/index',
  },
  /** 奖励通知: reward granted / held / ready to claim / paid. */
  reward_notice: {
    title: '红包奖励通知',
    fields: { amount: 'amount1', status: 'phrase2', time: 'time3', note: 'thing4' },
    defaultPage: 'pkg-mine/rewards/index',
  },
} as const;

export type TemplateKey = keyof typeof TEMPLATE_DEFS;
export type TemplateData<K extends TemplateKey> = Partial<Record<keyof (typeof TEMPLATE_DEFS)[K]['fields'], string | number | Date>>;

export function isTemplateKey(v: string): v is TemplateKey {
  return Object.prototype.hasOwnProperty.call(TEMPLATE_DEFS, v);
}

export function templateIdOf(config: AppConfig, key: TemplateKey): string {
  return config.wechatTemplates[key];
}

/** WeChat's per-type length limits of template values (in characters). */
const LIMITS: [RegExp, number][] = [
  [/^thing/, 20],
  [/^phrase/, 5],
  [/^character_string/, 32],
  [/^amount/, 32],
  [/^name/, 10],
];

/** 'YYYY-MM-DD HH:mm' in China time (UTC+8), the format WeChat's time fields accept. */
export function chinaTime(d: Date): string {
  const t = chinaWallClock(d);
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

function clip(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Turns semantic fields ({category, status, time, note}) into WeChat's keyed data
 * ({thing1, phrase2, time3, thing4}), formatted and clipped to WeChat's limits (else 47003).
 */
export function formatTemplateData<K extends TemplateKey>(key: K, data: TemplateData<K>): Record<string, string> {
  const fields = TEMPLATE_DEFS[key].fields as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(data as Record<string, unknown>)) {
    const wxKey = fields[name];
    if (!wxKey) throw new Error(`template ${key} has no field ${name}`);
    if (raw === undefined || raw === null || raw === '') continue;
    let value = raw instanceof Date ? chinaTime(raw) : String(raw);
    // phrase: at most 5 characters, Chinese only (WeChat answers 47003 otherwise).
    if (wxKey.startsWith('phrase')) value = [...value.replace(/[^\u4e00-\u9fa5]/g, '')].slice(0, 5).join('');
    const limit = LIMITS.find(([re]) => re.test(wxKey));
    if (limit) value = clip(value, limit[1]);
    if (value) out[wxKey] = value;
  }
  return out;
}

/** Short (≤ 5 characters) status words residents see in the case_progress message. */
export const CASE_PROGRESS_PHRASES: Record<CaseStatus, string> = {
  submitted: '已提交',
  accepted: '已受理',
  rejected: '未受理',
  merged: '已合并',
  dispatched: '已派遣',
  in_progress: '处理中',
  resolved: '已处理',
  closed: '已解决',
};

/**
 * The data of a case_progress message, for the cases module:
 * `outbox.enqueue(em, {userId, templateKey: 'case_progress', data: caseProgressData({...}), page: `pkg-mine/detail/index?id=${reportId}`})`.
 */
export function caseProgressData(input: {
  categoryName: string;
  status: CaseStatus;
  at?: Date;
  note?: string | null;
  /** Where the problem is (`placeText`); left out while the address is still being looked up. */
  place?: string | null;
}): TemplateData<'case_progress'> {
  return {
    category: input.categoryName,
    status: CASE_PROGRESS_PHRASES[input.status],
    time: input.at ?? new Date(),
    note: input.note ?? CASE_STATUS_RESIDENT_LABELS[input.status],
    place: input.place ?? undefined,
  };
}
