import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CategoryDto, GeoWhereDto, NearbyReportDto, ReportKind } from '@sansui/shared';
import { api, errorMessage } from '../../api';
import { CategoryGrid } from '../../components/CategoryGrid';
import { MapView } from '../../components/map/MapView';
import { NearbyCaseCard } from '../../components/NearbyCaseCard';
import { PhotoPicker, type PhotoProgress } from '../../components/PhotoPicker';
import { distanceM, findGrid, type GridCollection, type Point } from '../../lib/geo';
import { newClientRequestId } from '../../lib/id';
import { draftKey, missingFields, type DraftPhoto, type ReportDraft } from '../../lib/outbox';
import { storage } from '../../lib/storage';
import { DEMO_CENTER, platform } from '../../platform';
import { categoryName, loadCategories, orderByRecent, recentCategories, rememberCategory } from '../../services/categories';
import { capturePhotos } from '../../services/capture';
import { outbox } from '../../services/outbox';
import { Pressable } from '../../platform/Pressable';

const MAX_PHOTOS = 9;
/** 附近已有问题的范围（米）：与服务端的重复判定半径同量级 */
const NEARBY_RADIUS_M = 100;
const MAX_NOTE = 500;

type PhotoRole = 'photos' | 'afterPhotos';

function emptyDraft(kind: ReportKind): ReportDraft {
  return { clientRequestId: newClientRequestId(), kind, photos: [], afterPhotos: [], updatedAt: Date.now() };
}

function hasContent(d: ReportDraft): boolean {
  return d.photos.length > 0 || d.afterPhotos.length > 0 || !!d.categoryCode || !!d.description;
}

let gridsCache: GridCollection | null = null;

/**
 * 随手拍 / 随手捡 共用的上报表单。
 * 照片选完立即上传（每张显示进度）；位置在打开时获取，可拖动图钉；
 * 表单随改随存为草稿，提交交给发件箱（失败自动重试，不会重复提交）。
 */
export function ReportForm({ kind }: { kind: ReportKind }) {
  const router = useRouter();
  const [draft, setDraftState] = useState<ReportDraft>(() => emptyDraft(kind));
  const draftRef = useRef(draft);
  const [progress, setProgress] = useState<Record<string, PhotoProgress>>({});
  const uploads = useRef(new Map<string, Promise<void>>());
  const [categories, setCategories] = useState<CategoryDto[]>([]);
  const [grids, setGrids] = useState<GridCollection | null>(gridsCache);
  const [locating, setLocating] = useState(true);
  const [submitting, setSubmitting] = useState(false);
  /** 服务端对图钉的判断（是否在服务区、地址）；取不到时退回本地网格判断 */
  const [where, setWhere] = useState<GeoWhereDto | null>(null);
  const [whereFor, setWhereFor] = useState('');
  /** 问服务端失败的那个图钉位置：不再显示“正在识别”，改说识别不出 */
  const [whereFailedFor, setWhereFailedFor] = useState('');
  const [nearby, setNearby] = useState<NearbyReportDto[]>([]);
  const [joined, setJoined] = useState<Record<number, boolean>>({});
  const [joining, setJoining] = useState<number | null>(null);
  /** 订阅消息模板 id：提前取好，点提交时才能同步弹出授权 */
  const tmplIds = useRef<string[]>([]);

  const setDraft = useCallback((update: (d: ReportDraft) => ReportDraft) => {
    const next = { ...update(draftRef.current), updatedAt: Date.now() };
    draftRef.current = next;
    setDraftState(next);
    storage.set(draftKey(next.kind), next);
  }, []);

  const setPhotoProgress = (path: string, p: PhotoProgress) => setProgress((old) => ({ ...old, [path]: p }));

  const uploadOne = useCallback(
    ({ localPath: path, capture }: DraftPhoto) => {
      if (uploads.current.has(path)) return uploads.current.get(path)!;
      setPhotoProgress(path, { percent: 0 });
      const job = api
        .uploadPhoto(path, (percent) => setPhotoProgress(path, { percent: Math.min(99, percent) }), capture)
        .then((res) => {
          setPhotoProgress(path, { percent: 100 });
          const patch = (ps: DraftPhoto[]) => ps.map((p) => (p.localPath === path ? { ...p, photoId: res.id, thumbUrl: res.thumbUrl } : p));
          setDraft((d) => ({ ...d, photos: patch(d.photos), afterPhotos: patch(d.afterPhotos) }));
        })
        .catch((err) => setPhotoProgress(path, { error: errorMessage(err) }))
        .finally(() => uploads.current.delete(path));
      uploads.current.set(path, job);
      return job;
    },
    [setDraft],
  );

  const locate = useCallback(async () => {
    setLocating(true);
    const ok = await platform.privacy.ensure();
    // 不同意隐私协议时不调定位，放在演示中心点，由居民拖动图钉
    const loc = ok ? await platform.getLocation() : { ...DEMO_CENTER, accuracyM: undefined, source: 'demo' as const };
    setLocating(false);
    setDraft((d) => ({
      ...d,
      location: { lat: loc.lat, lng: loc.lng, accuracyM: loc.accuracyM, source: loc.source === 'demo' ? 'demo' : 'gps' },
      deviceLocation: loc.source === 'gps' ? { lat: loc.lat, lng: loc.lng } : undefined,
    }));
  }, [setDraft]);

  // 打开时：恢复草稿（或发件箱里需要修改的那份），取定位、分类和网格
  useEffect(() => {
    const crid = router.params?.crid;
    const fromOutbox = crid ? outbox.get(crid) : undefined;
    const saved = fromOutbox?.draft ?? storage.get<ReportDraft>(draftKey(kind));
    if (fromOutbox) outbox.remove(fromOutbox.draft.clientRequestId);
    if (saved && saved.kind === kind && hasContent(saved)) {
      draftRef.current = saved;
      setDraftState(saved);
      storage.set(draftKey(kind), saved);
      void Taro.showToast({ title: '已恢复上次没提交的内容', icon: 'none' });
      // 没传上去的照片：接着传
      [...saved.photos, ...saved.afterPhotos].filter((p) => p.photoId === undefined).forEach((p) => void uploadOne(p));
    }
    if (!saved?.location || saved.location.source !== 'pin') void locate();
    else setLocating(false);
    void loadCategories().then(setCategories);
    // 小程序弹微信授权框；H5 由平台层在模拟器里代点“允许”
    api
      .subscriptionTemplates()
      .then((list) => (tmplIds.current = list.map((t) => t.templateId).slice(0, 3)))
      .catch(() => undefined);
    if (!gridsCache) {
      api
        .grids()
        .then((g) => {
          gridsCache = g;
          setGrids(g);
        })
        .catch(() => undefined);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const addPhotos = async (role: PhotoRole) => {
    const ok = await platform.privacy.ensure();
    if (!ok) {
      void Taro.showToast({ title: '同意隐私保护指引后才能拍照上报', icon: 'none' });
      return;
    }
    const current = draftRef.current[role].length;
    const room = role === 'photos' ? MAX_PHOTOS - current : Math.min(MAX_PHOTOS - current, MAX_PHOTOS);
    try {
      // 随手捡的前后照片是领红包的证据：只能现拍；随手拍可以用相册
      const images = await capturePhotos(room, { cameraOnly: kind === 'pickup' });
      if (images.length === 0) return;
      const fresh: DraftPhoto[] = images
        .filter((img) => ![...draftRef.current.photos, ...draftRef.current.afterPhotos].some((p) => p.localPath === img.path))
        .map((img) => ({ localPath: img.path, capture: img.capture }));
      setDraft((d) => ({ ...d, [role]: [...d[role], ...fresh].slice(0, MAX_PHOTOS) }));
      fresh.forEach((p) => void uploadOne(p));
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    }
  };

  const removePhoto = (role: PhotoRole, index: number) => {
    setDraft((d) => ({ ...d, [role]: d[role].filter((_, i) => i !== index) }));
  };

  const retryPhoto = (role: PhotoRole, index: number) => {
    const p = draftRef.current[role][index];
    if (p) void uploadOne(p);
  };

  const movePin = (p: Point) => {
    setDraft((d) => ({ ...d, location: { lat: p.lat, lng: p.lng, source: 'pin' } }));
  };

  // 图钉一动：问服务端在不在服务区、地址是什么，附近有没有人已经报过（同类在前）
  const pinKey = draft.location ? `${draft.location.lat.toFixed(6)},${draft.location.lng.toFixed(6)}` : '';
  useEffect(() => {
    const at = draftRef.current.location;
    if (!at) return;
    let stale = false;
    const timer = setTimeout(() => {
      api
        .geoWhere(at.lat, at.lng)
        .then((w) => {
          if (stale) return;
          setWhere(w);
          setWhereFor(pinKey);
        })
        .catch(() => {
          if (stale) return;
          setWhere(null);
          setWhereFailedFor(pinKey);
        });
      api
        .nearby(at.lat, at.lng, { radiusM: NEARBY_RADIUS_M, openOnly: true, categoryCode: draftRef.current.categoryCode })
        .then((list) => !stale && setNearby(list.slice(0, 5)))
        .catch(() => !stale && setNearby([]));
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [pinKey, draft.categoryCode]);

  const meToo = async (caseId: number) => {
    setJoining(caseId);
    try {
      const res = await api.meToo(caseId);
      setJoined((j) => ({ ...j, [caseId]: true }));
      setNearby((list) => list.map((n) => (n.caseId === caseId ? { ...n, meTooCount: res.meTooCount } : n)));
      const { confirm } = await Taro.showModal({
        title: '已关注这个问题',
        content: '有进展会通知你，不用重复上报。可以在“我的 → 我也遇到的”查看进展。',
        confirmText: '去看看',
        cancelText: '留在这里',
      });
      if (confirm) {
        storage.remove(draftKey(kind));
        void Taro.redirectTo({ url: `/pkg-mine/followed/index?caseId=${res.caseId}` });
      }
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setJoining(null);
    }
  };

  const recent = useMemo(() => recentCategories(), []);
  const orderedCategories = useMemo(() => orderByRecent(categories, recent), [categories, recent]);

  const grid = draft.location ? findGrid(draft.location, grids) : undefined;
  const serverSaysFor = where && whereFor === pinKey ? where : null;
  const outside = serverSaysFor ? !serverSaysFor.inServiceArea : !!grids && grids.features.length > 0 && !!draft.location && !grid;
  const gridName = serverSaysFor?.gridName ?? grid?.properties.name ?? null;
  const missing = [...missingFields(draft), ...(outside ? ['服务区内的位置'] : [])];

  const onSubmit = () => {
    if (submitting) return;
    const miss = missing;
    if (miss.length) {
      void Taro.showToast({ title: `还差：${miss.join('、')}`, icon: 'none' });
      return;
    }
    // 订阅消息必须在点击里同步发起，之后才能 await
    const subscribed = platform.requestSubscribe(tmplIds.current).then((res) => {
      const accepted = Object.keys(res).filter((id) => res[id] === 'accept');
      if (accepted.length) void api.grantSubscriptions(accepted).catch(() => undefined);
    });
    void doSubmit(subscribed);
  };

  const doSubmit = async (subscribed: Promise<unknown>) => {
    setSubmitting(true);
    try {
      await subscribed.catch(() => undefined);
      // 等正在上传的照片传完（失败的交给发件箱重传）
      await Promise.all(Array.from(uploads.current.values()));
      const d = draftRef.current;
      if (d.categoryCode) rememberCategory(d.categoryCode);
      const res = await outbox.submit(d);
      if (res.status === 'blocked') {
        outbox.remove(d.clientRequestId);
        await Taro.showModal({ title: '没能提交', content: res.message, showCancel: false, confirmText: '去修改' });
        return;
      }
      storage.remove(draftKey(kind));
      if (res.status === 'sent') {
        void Taro.showToast({ title: '提交成功，感谢你！', icon: 'success' });
        setTimeout(() => void Taro.redirectTo({ url: `/pkg-mine/detail/index?id=${res.reportId}&fresh=1` }), 600);
      } else {
        await Taro.showModal({
          title: '已保存，稍后自动提交',
          content: '网络不太好，内容已保存在手机上，网络恢复后会自动提交，不用重新填写。',
          showCancel: false,
          confirmText: '好的',
        });
        void Taro.redirectTo({ url: '/pkg-mine/reports/index' });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const clearDraft = async () => {
    const { confirm } = await Taro.showModal({ title: '清空重填？', content: '已选的照片和填写的内容都会清掉。' });
    if (!confirm) return;
    storage.remove(draftKey(kind));
    const fresh = { ...emptyDraft(kind), location: draftRef.current.location, deviceLocation: draftRef.current.deviceLocation };
    draftRef.current = fresh;
    setDraftState(fresh);
    setProgress({});
  };

  const loc = draft.location;
  const locText = locating
    ? '正在定位…'
    : !loc
      ? '没有拿到位置，请在地图上点一下问题位置'
      : loc.source === 'demo'
        ? '没能定位，已放在市中心，请把图钉拖到问题位置'
        : loc.source === 'pin'
          ? `已手动调整位置${draft.deviceLocation ? `（离你约 ${Math.round(distanceM(loc, draft.deviceLocation))} 米）` : ''}`
          : loc.accuracyM && loc.accuracyM >= 1
            ? `定位精度约 ${Math.round(loc.accuracyM)} 米，可拖动图钉微调`
            : '已定位，可拖动图钉微调';

  return (
    <View className="has-submit-bar">
      {hasContent(draft) ? (
        <View className="row between draft-bar">
          <Text className="muted small">内容会自动保存，随时回来接着填</Text>
          <Pressable as="text" className="link" onClick={() => void clearDraft()} data-testid="clear-draft">
            清空重填
          </Pressable>
        </View>
      ) : null}
      <View className="card" data-testid="location-card">
        <View className="row between">
          <View className="card-title">问题在哪</View>
          <Pressable as="text" className="link" onClick={() => void locate()}>
            重新定位
          </Pressable>
        </View>
        <View className="muted" data-testid="location-text" style={{ marginBottom: '8px' }}>
          {locText}
        </View>
        {loc ? <MapView center={loc} pin={loc} onPinChange={movePin} grids={grids} /> : null}
        {outside ? (
          <View className="pin-status pin-status--bad" data-testid="pin-outside" role="alert">
            图钉不在服务区内，这里暂时不能受理。地图上的绿色格子是服务区，请把图钉拖进格子里。
          </View>
        ) : loc ? (
          <View className="pin-status" data-testid="pin-address">
            {serverSaysFor?.address
              ? `地址：${serverSaysFor.address}`
              : serverSaysFor || whereFailedFor === pinKey
                ? '暂时识别不出地址，不影响提交'
                : '正在识别地址…'}
            {gridName ? <View className="muted small">所在网格：{gridName}</View> : null}
          </View>
        ) : null}
      </View>

      {nearby.length > 0 && !outside ? (
        <View className="card" data-testid="nearby-at-pin">
          <View className="card-title">附近已有人反映</View>
          <View className="muted small" style={{ marginBottom: '6px' }}>
            如果是同一个问题，点“我也遇到”就行，不用重复上报；有进展会通知你。
          </View>
          {nearby.map((n) => (
            <NearbyCaseCard
              key={n.caseId}
              item={n}
              categoryName={categoryName(n.categoryCode, categories)}
              joined={!!joined[n.caseId]}
              busy={joining === n.caseId}
              onMeToo={() => void meToo(n.caseId)}
            />
          ))}
        </View>
      ) : null}

      <View className="card">
        {kind === 'snap' ? (
          <>
            <View className="card-title">
              拍下问题 <Text className="muted">（1–9 张）</Text>
            </View>
            <PhotoPicker
              testid="photos"
              photos={draft.photos}
              progress={progress}
              max={MAX_PHOTOS}
              addLabel="拍照/相册"
              onAdd={() => void addPhotos('photos')}
              onRemove={(i) => removePhoto('photos', i)}
              onRetry={(i) => retryPhoto('photos', i)}
            />
          </>
        ) : (
          <>
            <View className="card-title">清理前</View>
            <PhotoPicker
              testid="before-photos"
              photos={draft.photos}
              progress={progress}
              max={MAX_PHOTOS}
              addLabel="拍清理前"
              onAdd={() => void addPhotos('photos')}
              onRemove={(i) => removePhoto('photos', i)}
              onRetry={(i) => retryPhoto('photos', i)}
            />
            <View className="card-title" style={{ marginTop: '12px' }}>
              清理后 <Text className="muted">（同一地点）</Text>
            </View>
            <PhotoPicker
              testid="after-photos"
              photos={draft.afterPhotos}
              progress={progress}
              max={MAX_PHOTOS}
              addLabel="拍清理后"
              onAdd={() => void addPhotos('afterPhotos')}
              onRemove={(i) => removePhoto('afterPhotos', i)}
              onRetry={(i) => retryPhoto('afterPhotos', i)}
            />
          </>
        )}
      </View>

      <View className="card">
        <View className="card-title">问题类型</View>
        {orderedCategories.length ? (
          <CategoryGrid
            items={orderedCategories}
            selected={draft.categoryCode}
            recent={recent.slice(0, 1)}
            onSelect={(code) => setDraft((d) => ({ ...d, categoryCode: code }))}
          />
        ) : (
          <View className="muted">正在加载分类…</View>
        )}
      </View>

      <View className="card">
        <View className="card-title">
          补充说明 <Text className="muted">（选填）</Text>
        </View>
        <Textarea
          className="textarea"
          value={draft.description ?? ''}
          maxlength={MAX_NOTE}
          placeholder={kind === 'snap' ? '例如：小区东门垃圾桶满了两天' : '例如：把路边的塑料袋捡进了垃圾桶'}
          onInput={(e) => {
            const value = e.detail.value.slice(0, MAX_NOTE);
            setDraft((d) => ({ ...d, description: value }));
          }}
        />
        <View className="muted small" style={{ textAlign: 'right' }}>
          {(draft.description ?? '').length}/{MAX_NOTE}
        </View>
      </View>

      <View className="submit-bar">
        {missing.length ? (
          <View className="muted small" style={{ textAlign: 'center', marginBottom: '6px' }}>
            还差：{missing.join('、')}
          </View>
        ) : null}
        <Button
          className={`btn btn-primary btn-block ${submitting || missing.length ? 'btn--disabled' : ''}`}
          aria-disabled={submitting || missing.length > 0}
          onClick={onSubmit}
          data-testid="submit-report"
        >
          {submitting ? '正在提交…' : kind === 'snap' ? '提交随手拍' : '提交随手捡'}
        </Button>
      </View>
    </View>
  );
}
