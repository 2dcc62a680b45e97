import type { PhotoDto } from '@sansui/shared';
import { Empty, Image, Space, Typography } from 'antd';
import { photoUrl } from '../api/types';

/** What a screen reader says for photo i of n: the strip's subject, then which photo it is. */
export function photoAlt(subject: string, i: number, n: number): string {
  return n > 1 ? `${subject}（第 ${i + 1} 张，共 ${n} 张）` : subject;
}

/**
 * Photos in a row that wraps; each shrinks to fit a narrow column (before/after side by side). `alt` names what
 * the photos show when the title does not (e.g. "#12 的现场照片"); each photo's alt text says which one it is.
 */
export function PhotoStrip({
  photos,
  size = 160,
  title,
  alt,
}: {
  photos: (PhotoDto | string)[] | undefined;
  size?: number;
  title?: string;
  alt?: string;
}) {
  const list = photos ?? [];
  const subject = alt ?? (title ? (title.endsWith('照片') ? title : `${title}的照片`) : '现场照片');
  return (
    <div className="photo-strip">
      {title && (
        <div style={{ marginBottom: 4 }}>
          <Typography.Text strong>{title}</Typography.Text>
        </div>
      )}
      {list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无照片" />
      ) : (
        <Image.PreviewGroup>
          <Space wrap>
            {list.map((p, i) => (
              <Image
                key={i}
                width={size}
                height={size}
                style={{ objectFit: 'cover', borderRadius: 4 }}
                src={photoUrl(p, size < 200)}
                preview={{ src: photoUrl(p) }}
                alt={photoAlt(subject, i, list.length)}
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
    </div>
  );
}
