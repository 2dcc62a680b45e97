import type { PhotoDto } from '@sansui/shared';
import { Empty, Image, Space, Typography } from 'antd';
import { photoUrl } from '../api/types';

/** Photos in a row that wraps; each shrinks to fit a narrow column (before/after side by side). */
export function PhotoStrip({ photos, size = 160, title }: { photos: (PhotoDto | string)[] | undefined; size?: number; title?: string }) {
  const list = photos ?? [];
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
                alt={title ?? '照片'}
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
    </div>
  );
}
