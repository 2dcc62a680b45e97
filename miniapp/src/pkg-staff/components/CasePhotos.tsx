import { Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { PhotoDto } from '@sansui/shared';
import { assetUrl } from '../../lib/url';

/** 一组照片的缩略图，点开大图 */
export function CasePhotos({ title, photos, testid }: { title?: string; photos: PhotoDto[]; testid?: string }) {
  const visible = photos.filter((p) => p.url);
  if (!visible.length) return null;
  const urls = visible.map((p) => assetUrl(p.url));
  return (
    <View style={{ marginTop: '10px' }} data-testid={testid}>
      {title ? <View className="muted small">{title}</View> : null}
      <View className="photos">
        {visible.map((p, i) => (
          <Image
            key={p.id}
            className="photo-img photo"
            mode="aspectFill"
            src={assetUrl(p.thumbUrl || p.url)}
            onClick={() => void Taro.previewImage({ urls, current: urls[i] })}
          />
        ))}
      </View>
    </View>
  );
}

/** 核查用：处置前、处置后并排 */
export function BeforeAfter({ before, after }: { before?: PhotoDto; after?: PhotoDto }) {
  const cell = (label: string, p?: PhotoDto) => (
    <View>
      <View className="muted small">{label}</View>
      {p?.url ? (
        <Image
          className="compare-img"
          mode="aspectFill"
          src={assetUrl(p.thumbUrl || p.url)}
          onClick={() => void Taro.previewImage({ urls: [assetUrl(p.url)] })}
        />
      ) : (
        <View className="compare-img" />
      )}
    </View>
  );
  return (
    <View className="side-by-side" data-testid="before-after" style={{ marginTop: '10px' }}>
      {cell('处置前', before)}
      {cell('处置后', after)}
    </View>
  );
}
