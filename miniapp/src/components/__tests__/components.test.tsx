import { fireEvent, render, screen } from '@testing-library/react';
import { orderByRecent } from '../../services/categories';
import { CategoryGrid, categoryGlyph } from '../CategoryGrid';
import { PhotoPicker } from '../PhotoPicker';
import { StatusChip } from '../StatusChip';
import { caseChip } from '../../lib/status';

describe('PhotoPicker', () => {
  const photos = [{ localPath: 'blob:1' }, { localPath: 'blob:2', photoId: 9, thumbUrl: '/t/9.jpg' }, { localPath: 'blob:3' }];

  it('每张照片单独显示上传进度，失败的可以点重试', () => {
    const onRetry = jest.fn();
    render(
      <PhotoPicker
        photos={photos}
        progress={{ 'blob:1': { percent: 42 }, 'blob:3': { error: '网络不太好' } }}
        max={9}
        addLabel="拍照/相册"
        onAdd={jest.fn()}
        onRemove={jest.fn()}
        onRetry={onRetry}
      />,
    );
    expect(screen.getByText('42%')).toBeTruthy();
    expect(screen.getAllByTestId('photo-thumb').map((el) => el.getAttribute('data-uploaded'))).toEqual(['0', '1', '0']);
    fireEvent.click(screen.getByText('上传失败，点我重试'));
    expect(onRetry).toHaveBeenCalledWith(2);
    expect(screen.getByText('拍照/相册')).toBeTruthy();
  });

  it('满 9 张后不再显示添加按钮', () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ localPath: `p${i}`, photoId: i }));
    render(<PhotoPicker photos={nine} progress={{}} max={9} addLabel="拍照" onAdd={jest.fn()} onRemove={jest.fn()} onRetry={jest.fn()} />);
    expect(screen.queryByText('拍照')).toBeNull();
  });
});

describe('CategoryGrid', () => {
  const items = [
    { code: 'exposed_garbage', name: '暴露垃圾 / 积存垃圾', hint: '路边成堆的垃圾' },
    { code: 'illegal_ads', name: '小广告、"牛皮癣"、乱涂乱画', hint: '墙上的小广告' },
  ];

  it('格子里是完整的分类名称；选中后显示的是同一个名称', () => {
    const onSelect = jest.fn();
    const { rerender } = render(<CategoryGrid items={items} onSelect={onSelect} />);
    expect(screen.getByText('暴露垃圾 / 积存垃圾')).toBeTruthy();
    expect(screen.queryByTestId('category-picked')).toBeNull();
    fireEvent.click(screen.getByTestId('category-illegal_ads'));
    expect(onSelect).toHaveBeenCalledWith('illegal_ads');
    rerender(<CategoryGrid items={items} selected="illegal_ads" onSelect={onSelect} />);
    expect(screen.getByTestId('category-picked').textContent).toBe('已选：小广告、"牛皮癣"、乱涂乱画（墙上的小广告）');
    expect(screen.getByTestId('category-illegal_ads').getAttribute('aria-checked')).toBe('true');
    expect(screen.getByTestId('category-exposed_garbage').getAttribute('aria-checked')).toBe('false');
  });

  it('每格都有一行提示；最近用过的分类带标记', () => {
    render(<CategoryGrid items={items} recent={['illegal_ads']} onSelect={jest.fn()} />);
    expect(screen.getByText('路边成堆的垃圾')).toBeTruthy();
    expect(screen.getByText('墙上的小广告')).toBeTruthy();
    const tagged = screen.getByText('最近');
    expect(screen.getByTestId('category-illegal_ads').contains(tagged)).toBe(true);
    expect(screen.getByTestId('category-exposed_garbage').textContent).not.toContain('最近');
  });

  it('名称处理', () => {
    expect(categoryGlyph('"五小"行业卫生')).toBe('五');
  });

  it('最近用过的分类排在最前，其余保持原顺序', () => {
    const list = ['a', 'b', 'c', 'd'].map((code) => ({ code }));
    expect(orderByRecent(list, ['c', 'a']).map((x) => x.code)).toEqual(['c', 'a', 'b', 'd']);
  });
});

it('StatusChip 显示中文标签和颜色', () => {
  render(<StatusChip {...caseChip('closed')} />);
  const el = screen.getByText('已解决');
  expect(el.className).toContain('chip--success');
});
