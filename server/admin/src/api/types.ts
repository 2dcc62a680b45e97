import type { PhotoDto } from '@sansui/shared';

export function photoUrl(p: string | PhotoDto | null | undefined, thumb = false): string | undefined {
  if (!p) return undefined;
  if (typeof p === 'string') return p;
  return (thumb ? p.thumbUrl : p.url) || p.url;
}
