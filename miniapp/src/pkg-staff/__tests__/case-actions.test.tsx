import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { StaffCase } from '../api';
import { Actions, type Panel } from '../components/CaseActions';

function Harness({ c, canVerify = false, handlers }: { c: Partial<StaffCase>; canVerify?: boolean; handlers: Record<string, jest.Mock> }) {
  const [panel, setPanel] = useState<Panel>('none');
  return (
    <Actions
      c={{ id: 1, actions: [], canRequestExtension: false, evidence: null, ...c } as unknown as StaffCase}
      busy={false}
      panel={panel}
      setPanel={setPanel}
      canVerify={canVerify}
      hasQueued={false}
      onClaim={handlers.claim}
      onReturn={handlers.ret}
      onExtension={handlers.ext}
      onVerify={handlers.verify}
    />
  );
}

const mocks = () => ({ claim: jest.fn(), ret: jest.fn(), ext: jest.fn(), verify: jest.fn() });

describe('案卷操作', () => {
  beforeEach(() => jest.clearAllMocks());

  it('只显示服务端允许的操作：派遣后可接单、退单、申请延期，不能处置或核查', () => {
    const h = mocks();
    render(<Harness c={{ actions: ['claim', 'return'], canRequestExtension: true } as Partial<StaffCase>} handlers={h} />);
    expect(screen.getByTestId('act-claim')).toBeTruthy();
    expect(screen.getByTestId('act-return')).toBeTruthy();
    expect(screen.getByTestId('act-extension')).toBeTruthy();
    expect(screen.queryByTestId('act-resolve')).toBeNull();
    expect(screen.queryByTestId('act-verify')).toBeNull();
    fireEvent.click(screen.getByTestId('act-claim'));
    expect(h.claim).toHaveBeenCalled();
  });

  it('退单要写原因：可点选常用原因', () => {
    const h = mocks();
    render(<Harness c={{ actions: ['return'] } as Partial<StaffCase>} handlers={h} />);
    fireEvent.click(screen.getByTestId('act-return'));
    fireEvent.click(screen.getByTestId('return-submit'));
    expect(h.ret).not.toHaveBeenCalled();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请写明退单原因' }));
    fireEvent.click(screen.getByText('不属于本部门职责'));
    fireEvent.click(screen.getByTestId('return-submit'));
    expect(h.ret).toHaveBeenCalledWith('不属于本部门职责');
  });

  it('申请延期：选小时数、写理由', () => {
    const h = mocks();
    render(<Harness c={{ actions: [], canRequestExtension: true } as Partial<StaffCase>} handlers={h} />);
    fireEvent.click(screen.getByTestId('act-extension'));
    fireEvent.click(screen.getByText('延长 48 小时'));
    fireEvent.change(screen.getByTestId('extension-reason'), { target: { value: '需要调机械清运' } });
    fireEvent.click(screen.getByTestId('extension-submit'));
    expect(h.ext).toHaveBeenCalledWith(48, '需要调机械清运');
  });

  it('证据未核实的案卷：没有核查照片时通过必须写核查情况；不通过总要写原因', async () => {
    const h = mocks();
    const evidence = { verified: false, checks: [{ code: 'ON_SITE', ok: false, outcome: 'unknown', detail: '照片没有拍摄位置' }] };
    render(<Harness c={{ actions: ['verify_pass', 'verify_fail'], evidence } as unknown as Partial<StaffCase>} canVerify handlers={h} />);
    fireEvent.click(screen.getByTestId('act-verify'));
    fireEvent.click(screen.getByTestId('verify-pass'));
    expect(h.verify).not.toHaveBeenCalled();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '证据未核实，请拍核查照片或写明核查情况' }));
    fireEvent.click(screen.getByTestId('verify-fail'));
    expect(h.verify).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId('verify-note'), { target: { value: '现场已清理干净，照片位置缺失' } });
    fireEvent.click(screen.getByTestId('verify-pass'));
    await waitFor(() => expect(h.verify).toHaveBeenCalledWith(true, '现场已清理干净，照片位置缺失', []));
  });

  it('证据已核实：可以不写说明直接通过（案头核查，不带照片）', async () => {
    const h = mocks();
    render(
      <Harness
        c={{ actions: ['verify_pass', 'verify_fail'], evidence: { verified: true, checks: [] } } as unknown as Partial<StaffCase>}
        canVerify
        handlers={h}
      />,
    );
    fireEvent.click(screen.getByTestId('act-verify'));
    fireEvent.click(screen.getByTestId('verify-pass'));
    await waitFor(() => expect(h.verify).toHaveBeenCalledWith(true, undefined, []));
  });
});
