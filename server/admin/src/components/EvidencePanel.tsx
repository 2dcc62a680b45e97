import type { EvidenceCheckCode, EvidenceDto, PhotoDto, VerificationDto } from '@sansui/shared';
import { Alert, Card, List, Space, Tag, Typography } from 'antd';
import { formatTime } from '../lib/countdown';
import { PhotoStrip } from './Photos';

/** Each check in plain words: what it asks (docs/domain.md §14). */
export const EVIDENCE_CHECK_LABELS: Record<EvidenceCheckCode, { name: string; asks: string }> = {
  ON_SITE: { name: '现场拍摄', asks: '照片是否在案卷位置附近拍的' },
  FRESH: { name: '拍摄时间', asks: '照片是否在接单之后（随手捡：提交前 24 小时内；核查：办结之后）拍的' },
  NEW_PICTURE: { name: '新照片', asks: '照片是否不是上报照片或其他案卷照片的翻拍、截图或裁剪' },
  CAMERA: { name: '相机拍摄', asks: '照片是否用手机相机现场拍摄，而不是从相册选择' },
  EXIF_AGREES: { name: '文件信息一致', asks: '照片文件里记录的位置和时间是否与上传时的定位一致' },
};

const OUTCOME_TAGS = {
  pass: <Tag color="green">通过</Tag>,
  fail: <Tag color="red">不通过</Tag>,
  unknown: <Tag color="default">无法确认</Tag>,
} as const;

/** The evidence of the latest resolve (or pickup): verified or not, and every check with its explanation. */
export function EvidencePanel({ evidence }: { evidence: EvidenceDto | null | undefined }) {
  if (!evidence) return null;
  return (
    <Card size="small" title="处置证据核验" data-testid="evidence-panel">
      {evidence.verified ? (
        <Alert type="success" showIcon message="证据已核实" description="照片在现场、处置期间用相机新拍，所有核验项均通过。" />
      ) : (
        <Alert
          type="warning"
          showIcon
          message="证据未核实"
          description="下列核验项有未通过或无法确认的（例如电脑上传的照片没有拍摄位置和时间）。核查通过时需要填写核查说明。"
          data-testid="evidence-unverified"
        />
      )}
      <CheckList evidence={evidence} />
    </Card>
  );
}

/** The latest 核查: on site (现场核查, with the verifier's photos and their checks) or at the desk (案头核查). */
export function VerificationPanel({ verification, photos }: { verification: VerificationDto | null | undefined; photos: PhotoDto[] }) {
  if (!verification) return null;
  const ev = verification.evidence;
  return (
    <Card
      size="small"
      title={
        <Space>
          <span>核查</span>
          <Tag color={verification.onSite ? 'blue' : 'default'} data-testid="verification-kind">
            {verification.onSite ? '现场核查' : '案头核查'}
          </Tag>
          <Tag color={verification.passed ? 'green' : 'red'}>{verification.passed ? '通过' : '返工'}</Tag>
        </Space>
      }
      data-testid="verification-panel"
    >
      {!verification.onSite && (
        <Typography.Paragraph type="secondary">核查人没有上传现场照片（电脑上核查）。{formatTime(verification.at)}</Typography.Paragraph>
      )}
      {ev && (
        <>
          {ev.verified ? (
            <Alert type="success" showIcon message="核查照片已核实" description="核查人在现场、办结之后用相机新拍，所有核验项均通过。" />
          ) : (
            <Alert type="warning" showIcon message="核查照片未核实" description="下列核验项有未通过或无法确认的。" />
          )}
          <PhotoStrip photos={photos} size={160} title="核查照片" />
          <CheckList evidence={ev} />
        </>
      )}
    </Card>
  );
}

function CheckList({ evidence }: { evidence: EvidenceDto }) {
  return (
    <>
      <List
        size="small"
        dataSource={evidence.checks}
        renderItem={(c) => (
          <List.Item key={c.code}>
            <List.Item.Meta
              title={
                <span>
                  {OUTCOME_TAGS[c.outcome]} {EVIDENCE_CHECK_LABELS[c.code]?.name ?? c.code}
                  <Typography.Text type="secondary" style={{ marginLeft: 8, fontWeight: 'normal' }}>
                    {EVIDENCE_CHECK_LABELS[c.code]?.asks}
                  </Typography.Text>
                </span>
              }
              description={c.detail}
            />
          </List.Item>
        )}
      />
      <Typography.Text type="secondary">核验时间：{formatTime(evidence.at)}</Typography.Text>
    </>
  );
}
