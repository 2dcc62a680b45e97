import { BellOutlined } from '@ant-design/icons';
import { noticeKindLabel, type NoticeReadAllDto, type NoticeUnreadCountDto, type Page, type StaffNoticeDto } from '@sansui/shared';
import { Badge, Button, Drawer, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { reportError } from '../api/errors';
import { formatTime } from '../lib/countdown';

/** How often the bell asks for the unread count while the panel is open. */
const POLL_MS = 30_000;

/**
 * 通知中心 (docs/domain.md §17): the bell in the header with the unread count; the drawer lists my and my
 * department's notices, unread first; a notice opens its case and is marked read; 全部已读 clears the count.
 */
export function NoticeBell() {
  const navigate = useNavigate();
  const [unread, setUnread] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState<Page<StaffNoticeDto> | null>(null);
  const [loading, setLoading] = useState(false);

  const refreshCount = useCallback(() => {
    api
      .get<NoticeUnreadCountDto>('/notices/unread-count')
      .then((r) => setUnread(r.unread))
      .catch(() => undefined); // the bell stays as it was; pages report their own errors
  }, []);

  const loadList = useCallback(() => {
    setLoading(true);
    api
      .list<StaffNoticeDto>('/notices', { pageSize: 50 })
      .then(setPage)
      .catch(reportError)
      .finally(() => setLoading(false));
  }, []);

  useEffect(() => {
    refreshCount();
    const timer = setInterval(refreshCount, POLL_MS);
    return () => clearInterval(timer);
  }, [refreshCount]);

  useEffect(() => {
    if (open) loadList();
  }, [open, loadList]);

  const openNotice = async (n: StaffNoticeDto) => {
    if (!n.read) {
      await api.post(`/notices/${n.id}/read`).catch(reportError);
      refreshCount();
    }
    if (n.caseId !== null) {
      setOpen(false);
      navigate(`/cases/${n.caseId}`);
    } else loadList();
  };

  const readAll = async () => {
    try {
      await api.post<NoticeReadAllDto>('/notices/read-all');
      refreshCount();
      loadList();
    } catch (e) {
      reportError(e);
    }
  };

  return (
    <>
      <Badge count={unread ?? 0} size="small" data-testid="notice-count" data-unread={unread ?? ''}>
        <Button
          type="text"
          icon={<BellOutlined style={{ fontSize: 18 }} />}
          aria-label="通知"
          onClick={() => setOpen(true)}
          data-testid="notice-bell"
        />
      </Badge>
      <Drawer
        title="通知"
        open={open}
        onClose={() => setOpen(false)}
        size="default"
        extra={
          <Button size="small" onClick={() => void readAll()} disabled={!unread} data-testid="notice-read-all">
            全部已读
          </Button>
        }
        data-testid="notice-drawer"
      >
        {loading && !page ? (
          <Spin />
        ) : !page || page.items.length === 0 ? (
          <Empty description="暂无通知" />
        ) : (
          <List
            dataSource={page.items}
            data-testid="notice-list"
            data-loaded={loading ? 'no' : 'yes'}
            renderItem={(n) => (
              <List.Item
                key={n.id}
                onClick={() => void openNotice(n)}
                style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }}
                data-testid="notice-item"
                data-notice-id={n.id}
                data-read={n.read ? 'yes' : 'no'}
              >
                <List.Item.Meta
                  title={
                    <Space size={4}>
                      {!n.read ? <Badge status="processing" /> : null}
                      <Tag color={n.kind === 'case_overdue' || n.kind === 'case_circular' ? 'red' : 'blue'}>{noticeKindLabel(n.kind)}</Tag>
                      <span>{n.title}</span>
                    </Space>
                  }
                  description={
                    <>
                      <Typography.Paragraph style={{ marginBottom: 4 }}>{n.body}</Typography.Paragraph>
                      <Typography.Text type="secondary">{formatTime(n.createdAt)}</Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Drawer>
    </>
  );
}
