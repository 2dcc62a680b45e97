/** Parameter checks of the simulated POST /v3/fund-app/mch-transfer/transfer-bills (WeChat Pay's documented rules). */
export function validateCreateParams(b: Record<string, unknown>, expect: { appid?: string }): string | null {
  if (typeof b.appid !== 'string' || !b.appid) return 'appid 不能为空';
  if (expect.appid && b.appid !== expect.appid) return 'appid 与商户号不匹配';
  if (typeof b.out_bill_no !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(b.out_bill_no))
    return 'out_bill_no 只能由数字、大小写字母组成，长度不超过32';
  if (b.transfer_scene_id !== '1000') return 'transfer_scene_id 不正确';
  if (typeof b.openid !== 'string' || !b.openid) return 'openid 不能为空';
  if (!Number.isInteger(b.transfer_amount) || (b.transfer_amount as number) < 10) return 'transfer_amount 不能小于 10 分';
  if (typeof b.transfer_remark !== 'string' || !b.transfer_remark || [...b.transfer_remark].length > 32)
    return 'transfer_remark 长度需在 1-32 个字符之间';
  if (b.notify_url !== undefined && (typeof b.notify_url !== 'string' || !/^https?:\/\//.test(b.notify_url)))
    return 'notify_url 格式不正确';
  if (b.user_recv_perception !== undefined && !['活动奖励', '现金奖励'].includes(b.user_recv_perception as string))
    return 'user_recv_perception 不正确';
  const infos = b.transfer_scene_report_infos;
  if (!Array.isArray(infos) || infos.length !== 2) return 'transfer_scene_report_infos 需要 2 条报备信息';
  const types = infos.map((i) => (i as { info_type?: unknown }).info_type);
  if (types[0] !== '活动名称' || types[1] !== '奖励说明') return 'transfer_scene_report_infos 需要依次为 活动名称、奖励说明';
  for (const i of infos) {
    const c = (i as { info_content?: unknown }).info_content;
    if (typeof c !== 'string' || !c || [...c].length > 32) return 'info_content 长度需在 1-32 个字符之间';
  }
  return null;
}

/** Parses `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`. */
export function parseAuthorization(header: string | undefined): Record<string, string> | null {
  if (!header) return null;
  const m = /^WECHATPAY2-SHA256-RSA2048\s+(.*)$/.exec(header.trim());
  if (!m) return null;
  const out: Record<string, string> = {};
  for (const part of m[1].split(',')) {
    const kv = /^\s*([a-z_]+)="?([^"]*)"?\s*$/.exec(part);
    if (kv) out[kv[1]] = kv[2];
  }
  return out.mchid && out.nonce_str && out.signature && out.timestamp && out.serial_no ? out : null;
}
