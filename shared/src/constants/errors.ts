/**
 * Stable error codes with their HTTP status and the Chinese message a user can act on (docs/domain.md §11).
 * Every 4xx the server sends is `{ code, message }` with one of these codes.
 */
export const ERROR_DEFINITIONS = {
  // generic input
  VALIDATION_FAILED: { status: 400, message: '提交的内容不符合要求，请检查后重试' },
  MALFORMED_JSON: { status: 400, message: '请求格式错误，无法解析' },
  BODY_TOO_DEEP: { status: 400, message: '请求内容嵌套层级过深' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的请求格式' },
  HEADERS_TOO_LARGE: { status: 431, message: '请求地址或请求头过长' },
  MALFORMED_REQUEST: { status: 400, message: '请求格式错误，无法处理' },
  NOT_FOUND: { status: 404, message: '请求的资源不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  TOO_MANY_REQUESTS: { status: 429, message: '操作太频繁，请稍后再试' },
  CONFLICT: { status: 409, message: '数据已被他人修改，请刷新后重试' },
  // server side (never caused by the request; logged with its requestId)
  INTERNAL_ERROR: { status: 500, message: '服务器开小差了，请稍后再试' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
  // auth
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  TOKEN_INVALID: { status: 401, message: '登录已失效，请重新登录' },
  FORBIDDEN: { status: 403, message: '没有权限执行此操作' },
  LOGIN_FAILED: { status: 401, message: '用户名或密码错误' },
  LOGIN_LOCKED: { status: 429, message: '密码错误次数过多，账号暂时锁定，请稍后再试' },
  ACCOUNT_DISABLED: { status: 403, message: '账号已停用，请联系管理员' },
  WECHAT_CODE_INVALID: { status: 400, message: '微信登录凭证无效或已过期，请重新进入小程序' },
  WECHAT_CODE_USED: { status: 400, message: '微信登录凭证已使用，请重新进入小程序' },
  WECHAT_RATE_LIMITED: { status: 429, message: '登录太频繁，请稍后再试' },
  WECHAT_USER_RISKY: { status: 403, message: '当前微信账号存在风险，暂时无法登录' },
  WECHAT_UNAVAILABLE: { status: 503, message: '微信服务繁忙，请稍后再试' },
  // uploads
  FILE_REQUIRED: { status: 400, message: '请选择要上传的照片' },
  PHOTO_TOO_LARGE: { status: 413, message: '照片不能超过 10MB' },
  PHOTO_TYPE_UNSUPPORTED: {
    status: 415,
    message: '只支持 JPG、PNG、WebP 格式的照片（苹果手机请在“设置 → 相机 → 格式”中选择“兼容性最佳”）',
  },
  PHOTO_DIMENSIONS_TOO_LARGE: { status: 422, message: '照片像素过大，请压缩后再上传' },
  PHOTO_DIMENSIONS_TOO_SMALL: { status: 422, message: '照片太小，看不清问题，请重新拍摄' },
  PHOTO_CORRUPT: { status: 422, message: '照片已损坏，无法读取，请重新拍摄' },
  PHOTO_NOT_FOUND: { status: 422, message: '照片不存在或已过期，请重新上传' },
  PHOTO_NOT_OWNED: { status: 422, message: '只能使用自己上传的照片' },
  PHOTO_ALREADY_USED: { status: 422, message: '照片已用于其他上报，请重新拍摄' },
  // reports
  CATEGORY_UNKNOWN: { status: 422, message: '问题分类不存在，请重新选择' },
  CATEGORY_DISABLED: { status: 422, message: '该分类已停用，请选择其他分类' },
  LOCATION_INVALID: { status: 422, message: '位置坐标无效，请重新定位' },
  OUTSIDE_SERVICE_AREA: { status: 422, message: '该位置不在服务区域内，暂不受理' },
  ME_TOO_CLOSED: { status: 409, message: '这个问题已经处理完结或不予受理，不能再点“我也遇到”，如仍存在请重新上报' },
  PHOTO_COUNT_INVALID: { status: 422, message: '请上传 1 到 9 张照片' },
  PICKUP_PHOTOS_REQUIRED: { status: 422, message: '随手捡需要同一地点清理前、清理后的照片各至少一张' },
  DESCRIPTION_TOO_LONG: { status: 422, message: '问题描述不能超过 500 字' },
  CLIENT_REQUEST_ID_INVALID: { status: 422, message: '请求编号格式不正确' },
  CONTENT_RISKY: { status: 422, message: '内容含有违规信息，请修改后再提交' },
  REPORT_NOT_FOUND: { status: 404, message: '上报不存在' },
  MODERATION_NOT_PENDING: { status: 409, message: '这条上报不在待审核队列中（可能已被其他人处理）' },
  MODERATION_PHOTO_INVALID: { status: 422, message: '只能隐藏这条上报自己的照片' },
  MODERATION_NOTE_REQUIRED: { status: 422, message: '驳回需要填写说明' },
  FEEDBACK_NOT_ALLOWED: { status: 409, message: '案卷办结后才能评价' },
  FEEDBACK_ALREADY_GIVEN: { status: 409, message: '已经评价过了' },
  REOPEN_WINDOW_PASSED: { status: 409, message: '办结已超过 7 天，无法申请重新处理' },
  // cases
  CASE_NOT_FOUND: { status: 404, message: '案卷不存在' },
  CASE_TRANSITION_NOT_ALLOWED: { status: 409, message: '案卷当前状态不允许此操作' },
  CASE_ROLE_NOT_ALLOWED: { status: 403, message: '您的角色不能执行此操作' },
  CASE_NOT_IN_DEPARTMENT: { status: 403, message: '该案卷不属于您的部门' },
  CASE_VERSION_CONFLICT: { status: 409, message: '案卷刚被他人处理，请刷新后查看' },
  CASE_MERGE_TARGET_INVALID: { status: 409, message: '只能合并到另一个未办结的案卷' },
  CASE_HANDLER_INVALID: { status: 422, message: '只能改派给本部门在岗的处置人员' },
  CASE_HANDLER_UNCHANGED: { status: 422, message: '案卷已由该处置人员负责，无需改派' },
  RESOLVE_PHOTO_REQUIRED: { status: 422, message: '处置完毕需要上传至少一张处置后照片' },
  RESOLVE_TOO_FAR: { status: 422, message: '处置照片拍摄位置离案卷位置太远' },
  DEPARTMENT_NOT_FOUND: { status: 422, message: '部门不存在' },
  NO_ROUTING_SUGGESTION: { status: 409, message: '无法自动匹配责任部门，请手动选择部门' },
  EXTENSION_NOT_FOUND: { status: 404, message: '没有待审批的延期申请' },
  EXTENSION_PENDING: { status: 409, message: '已有待审批的延期申请' },
  // rewards and payouts
  REWARD_NOT_FOUND: { status: 404, message: '红包不存在' },
  REWARD_NOT_CLAIMABLE: { status: 409, message: '红包当前不能领取' },
  REWARD_BILL_PENDING: { status: 409, message: '上一笔转账结果尚未确定，请稍后再试' },
  BATCH_NOT_FOUND: { status: 404, message: '发放批次不存在' },
  BATCH_EMPTY: { status: 422, message: '没有可发放的红包' },
  BATCH_SELF_APPROVAL: { status: 403, message: '不能审批自己提交的批次' },
  BATCH_ALREADY_APPROVED: { status: 409, message: '该批次已审批' },
  ADMIN_CANNOT_APPROVE: { status: 403, message: '系统管理员不能审批发放' },
  BATCH_SELECTION_CHANGED: { status: 409, message: '待发放红包已有变化，请刷新后核对笔数和金额再提交' },
  ANCHOR_SIGNATURE_INVALID: { status: 422, message: '锚点文件的签名不正确：文件被改动过，或不是本系统导出的' },
  PAYOUT_FILTER_INVALID: { status: 422, message: '金额范围不正确：最低金额不能高于最高金额' },
  // open311
  OPEN311_API_KEY_INVALID: { status: 403, message: 'api_key 无效' },
  OPEN311_CLIENT_NOT_FOUND: { status: 404, message: '接入系统不存在' },
  OPEN311_SERVICE_UNKNOWN: { status: 400, message: 'service_code 不存在' },
  // resident account
  ACCOUNT_DELETED: { status: 401, message: '账号已注销' },
  // --- reports / triage / open311 ---
  REOPEN_PHOTO_REQUIRED: { status: 422, message: '反馈“没有解决”时请上传一张现场照片' },
  OPEN311_REQUEST_NOT_FOUND: { status: 404, message: 'service_request_id 不存在' },
  // --- end reports ---
  // --- places / departments / categories / routing ---
  AREA_NOT_FOUND: { status: 404, message: '区域不存在' },
  AREA_CODE_TAKEN: { status: 409, message: '区域编码已存在' },
  AREA_PARENT_INVALID: { status: 422, message: '上级区域不正确：层级应为 区 → 街道 → 社区 → 网格' },
  AREA_IN_USE: { status: 409, message: '该区域还有下级区域、部门、责任区或规则在使用，不能删除' },
  GEOMETRY_INVALID: { status: 422, message: '边界不是有效的多边形，请检查坐标' },
  AREA_IMPORT_INVALID: { status: 422, message: '导入文件中有无效或相互重叠的要素，请先预览并修正' },
  ZONE_NOT_FOUND: { status: 404, message: '责任区不存在' },
  DEPARTMENT_MISSING: { status: 404, message: '部门不存在' },
  DEPARTMENT_CODE_TAKEN: { status: 409, message: '部门编码已存在' },
  DEPARTMENT_IN_USE: { status: 409, message: '该部门还有人员、案卷、责任区或规则，不能删除，可改为停用' },
  CATEGORY_NOT_FOUND: { status: 404, message: '分类不存在' },
  CATEGORY_CODE_TAKEN: { status: 409, message: '分类编码已存在' },
  ROUTING_RULE_NOT_FOUND: { status: 404, message: '派遣规则不存在' },
  // --- end places ---
  // --- auth / users / wechat / notifications ---
  WECHAT_PUSH_SIGNATURE_INVALID: { status: 401, message: '微信推送签名校验失败' },
  USER_NOT_FOUND: { status: 404, message: '用户不存在' },
  USERNAME_TAKEN: { status: 409, message: '用户名已被使用' },
  STAFF_ONLY: { status: 403, message: '只能管理工作人员账号' },
  RESIDENT_ONLY: { status: 403, message: '仅居民账号可以注销' },
  ROLES_INVALID: { status: 422, message: '角色不正确：工作人员账号至少要有一个工作人员角色' },
  DEPARTMENT_REQUIRED: { status: 422, message: '处置人员和部门负责人必须属于一个部门' },
  CANNOT_DISABLE_SELF: { status: 409, message: '不能停用自己的账号或去掉自己的管理员角色' },
  TEMPLATE_UNKNOWN: { status: 422, message: '订阅消息模板不存在' },
  NOTICE_NOT_FOUND: { status: 404, message: '通知不存在' },
  // --- end auth ---
  // --- rewards / payouts / ledger ---
  CAMPAIGN_NOT_FOUND: { status: 404, message: '活动不存在' },
  CAMPAIGN_DATES_INVALID: { status: 422, message: '活动结束时间必须晚于开始时间' },
  REWARD_STATE_INVALID: { status: 409, message: '红包当前状态不允许此操作' },
  REWARD_BILL_MISMATCH: {
    status: 409,
    message: '微信支付的转账单与红包记录不一致（金额、商户号、AppID 或 openid），不能直接放行：请先在商户平台核实；确认未付款可作废',
  },
  STATEMENT_DATE_INVALID: { status: 400, message: '账单日期格式应为 yyyy-MM-DD' },
  STATEMENT_NOT_FOUND: { status: 404, message: '这一天还没有核对微信支付资金账单' },
  CAMPAIGN_AMOUNT_OUT_OF_RANGE: { status: 422, message: '红包金额超出微信支付转账场景的单笔限额' },
  BATCH_ROLE_NOT_ALLOWED: { status: 403, message: '只有审计员可以审批发放批次' },
  WECHATPAY_UNAVAILABLE: { status: 503, message: '微信支付暂时无法处理，请稍后再试' },
  WECHATPAY_REJECTED: { status: 409, message: '微信支付拒绝了这笔转账，请联系工作人员' },
  SIMULATOR_ONLY: { status: 404, message: '仅模拟模式可用' },
  SIM_BILL_NOT_FOUND: { status: 404, message: '转账单不存在' },
  SIM_BILL_STATE_INVALID: { status: 409, message: '转账单当前状态不能确认收款' },
  // --- end rewards ---
  // --- uploads / KPIs / circular ---
  PHOTO_URL_INVALID: { status: 403, message: '图片链接无效或已过期，请刷新后重试' },
  PHOTO_UNAVAILABLE: { status: 404, message: '照片不存在或已被隐藏' },
  STATS_PERIOD_INVALID: { status: 400, message: '统计时段不正确：开始日期不能晚于结束日期，且跨度不超过 366 天' },
  // --- end uploads / KPIs ---
  // --- staff binding / evidence ---
  BIND_CODE_INVALID: { status: 422, message: '绑定码不正确，请核对后重新输入' },
  BIND_CODE_EXPIRED: { status: 422, message: '绑定码已过期（有效期 24 小时），请联系管理员重新生成' },
  BIND_CODE_USED: { status: 409, message: '绑定码已经使用过，请联系管理员重新生成' },
  BINDING_NOT_FOUND: { status: 404, message: '该账号没有绑定微信' },
  CAPTURE_LOCATION_INCOMPLETE: { status: 422, message: '拍摄位置需要同时提供纬度 lat 和经度 lng' },
  EVIDENCE_REUSED: { status: 422, message: '处置后照片与清理前照片或其他案卷的照片是同一张，请到现场重新拍摄' },
  PICKUP_TOO_FAR: { status: 422, message: '清理前、清理后的照片不在同一地点拍摄，请在同一地点重新拍摄' },
  VERIFY_TOO_FAR: { status: 422, message: '核查照片拍摄位置离案卷位置太远，请到现场拍摄' },
  NOTE_REQUIRED: { status: 422, message: '该案卷的处置证据未经核实，核查通过时请填写核查说明' },
  // --- end staff binding / evidence ---
  // --- cases workflow ---
  REOPEN_REQUEST_NOT_FOUND: { status: 404, message: '该案卷没有待处理的“没有解决”反馈' },
  // --- end cases workflow ---
  // --- evaluation regime ---
  CHECKLIST_INVALID: { status: 422, message: '考评细则不正确：编码不能重复，扣分和上限须为正整数，且上限不小于单次扣分' },
  CHECKLIST_ITEM_UNKNOWN: { status: 422, message: '考评细则中没有该条目，请重新选择' },
  MONTH_INVALID: { status: 400, message: '月份格式应为 YYYY-MM' },
  QUARTER_INVALID: { status: 400, message: '季度格式应为 YYYY-Q1 到 YYYY-Q4' },
  LEADER_SCORE_INVALID: { status: 422, message: '领导评价须为 0 到 1000 之间的分数（最多两位小数），每个区域只填一次，备注不超过 200 字' },
  ROUND_NOT_FOUND: { status: 404, message: '检查轮次不存在' },
  ROUND_AREAS_INVALID: { status: 422, message: '请选择至少一个存在的受检区域' },
  ROUND_INSPECTORS_INVALID: { status: 422, message: '检查人员须为在岗的巡查员' },
  ROUND_PUBLISHED: { status: 409, message: '该轮检查已发布，不能再修改' },
  ROUND_NOT_ASSIGNED: { status: 403, message: '您不是该轮检查的检查人员' },
  FINDING_OUTSIDE_ROUND: { status: 422, message: '该位置不在本轮检查的受检区域内' },
  FINDING_PHOTO_REQUIRED: { status: 422, message: '检查发现需要至少一张现场照片' },
  EVALUATION_WEIGHTS_INVALID: { status: 422, message: '权重须为 0 到 1 之间的数，且合计为 1' },
  EVALUATION_MONTH_PUBLISHED: { status: 409, message: '该月考评结果已发布，检查轮次、检查发现和得分不能再更改' },
  EVALUATION_MONTH_HAS_DRAFTS: { status: 409, message: '该月还有未发布的检查轮次，请先发布后再发布月度考评结果' },
  ROUND_NOT_PUBLISHED: { status: 409, message: '该轮检查尚未发布，发布后才能下发督办通知' },
  SUPERVISION_NO_CASES: { status: 422, message: '该轮检查没有需要督办的案卷（没有发现，或各部门已下发过督办通知）' },
  SUPERVISION_DEADLINE_INVALID: { status: 422, message: '回复期限应为今天或以后的日期，格式 YYYY-MM-DD' },
  SUPERVISION_NOT_FOUND: { status: 404, message: '督办通知不存在' },
  SUPERVISION_REPLY_INVALID: { status: 422, message: '整改回复需要填写整改情况（不超过 1000 字），照片最多 9 张' },
  // --- end evaluation ---
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_DEFINITIONS;

export interface ErrorBody {
  code: ErrorCode | string;
  message: string;
  /** Per-field details for validation errors. */
  details?: { field: string; code: string; message: string }[];
  requestId?: string;
}

export function errorDefinition(code: ErrorCode): { status: number; message: string } {
  return ERROR_DEFINITIONS[code];
}
