import { Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { PhotoDto } from '@sansui/shared';
import { assetUrl } from '../../lib/url';
import { Pressable } from '../../platform/Pressable';

/** 读屏软件念的照片说明：哪一组的第几张 */
export function photoAlt(subject: string, i: number, n: number): string {
  return n > 1 ? `${subject}（第 ${i + 1} 张，共 ${n} 张）` : subject;
}

/** 一组照片的缩略图，点开大图；alt 说明照片是什么（默认按标题） */
export function CasePhotos({ title, photos, testid, alt }: { title?: string; photos: PhotoDto[]; testid?: string; alt?: string }) {
  const visible = photos.filter((p) => p.url);
  if (!visible.length) return null;
  const urls = visible.map((p) => assetUrl(p.url));
  const subject = alt ?? (title ? (title.endsWith('照片') ? title : `${title}的照片`) : '现场照片');
  return (
    <View style={{ marginTop: '10px' }} data-testid={testid}>
      {title ? <View className="muted small">{title}</View> : null}
      <View className="photos">
        {visible.map((p, i) => (
          <Pressable
            key={p.id}
            className="photo"
            label={`查看${photoAlt(subject, i, visible.length)}`}
            onClick={() => void Taro.previewImage({ urls, current: urls[i] })}
          >
            <Image
              className="photo-img"
              mode="aspectFill"
              src={assetUrl(p.thumbUrl || p.url)}
              nativeProps={{ alt: photoAlt(subject, i, visible.length) }}
            />
          </Pressable>
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
        <Pressable label={`查看${label}的照片`} onClick={() => void Taro.previewImage({ urls: [assetUrl(p.url)] })}>
          <Image className="compare-img" mode="aspectFill" src={assetUrl(p.thumbUrl || p.url)} nativeProps={{ alt: `${label}的照片` }} />
        </Pressable>
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
