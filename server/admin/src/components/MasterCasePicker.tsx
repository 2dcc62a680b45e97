import { Select } from 'antd';
import { useState } from 'react';

/**
 * The master case of a merge: the suspected duplicates the server found (nearest first, with their distance), or any
 * case number the dispatcher types (a case they know of that is not among them).
 */
export function MasterCasePicker({
  duplicates,
  value,
  onChange,
}: {
  duplicates: { caseId: number; distanceM: number | null }[];
  value?: number;
  onChange?: (value: number) => void;
}) {
  const [typed, setTyped] = useState('');
  const options = duplicates.map((d) => ({
    value: d.caseId,
    label: `#${d.caseId}${d.distanceM != null ? ` · ${Math.round(d.distanceM)} 米` : ''}`,
  }));
  const number = /^#?\d{1,9}$/.test(typed.trim()) ? Number(typed.trim().replace('#', '')) : null;
  if (number && !options.some((o) => o.value === number)) options.unshift({ value: number, label: `#${number}（输入的编号）` });
  return (
    <Select
      showSearch
      value={value}
      onChange={onChange}
      onSearch={setTyped}
      filterOption={(input, option) => String(option?.label ?? '').includes(input.trim().replace('#', ''))}
      options={options}
      placeholder="选择疑似重复案卷，或输入案卷编号"
      notFoundContent="输入案卷编号"
    />
  );
}
