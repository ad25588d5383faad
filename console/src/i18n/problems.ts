// One table: every problem `code` the API can answer (src/api/problem-codes.json, generated
// from api/problem_codes.py) → the words a member of staff reads, in Chinese and English.
import type { Lang } from "./lang";

export const PROBLEM_MESSAGES: Record<string, Record<Lang, string>> = {
  malformed_request: {
    zh: "请求格式有误，请刷新后重试。",
    en: "The request could not be read; reload and retry.",
  },
  validation_error: { zh: "有字段未填写或不符合要求。", en: "Some fields are missing or invalid." },
  invalid_input: { zh: "输入的值不符合规则。", en: "A value breaks the rules." },
  invalid_query: { zh: "筛选条件的组合无效。", en: "These filters cannot be combined." },
  malformed_cursor: {
    zh: "分页已失效，请回到第一页。",
    en: "The page link has expired; go back to the first page.",
  },
  time_out_of_range: { zh: "时间超出可用范围。", en: "The time is out of range." },
  after_beyond_head: {
    zh: "数据尚未同步，请稍后刷新。",
    en: "The data is not there yet; reload shortly.",
  },
  limit_exceeded: { zh: "内容过长，请缩短后再提交。", en: "The text is too long; shorten it." },
  control_characters: {
    zh: "内容含有不可见的控制字符。",
    en: "The text contains control characters.",
  },
  unauthenticated: { zh: "登录已失效，请重新登录。", en: "Your session has ended; sign in again." },
  forbidden: { zh: "您的角色无权执行此操作。", en: "Your role may not do this." },
  out_of_scope: {
    zh: "该患者不在您的科室范围内。",
    en: "This patient is not in your departments.",
  },
  invalid_access_reason: {
    zh: "请填写紧急访问的理由（1–500 字）。",
    en: "Give a reason for emergency access (1–500 characters).",
  },
  department_required: {
    zh: "您属于多个科室，请选择科室。",
    en: "You are in several departments: choose one.",
  },
  source_mismatch: {
    zh: "该集成账号不能代表其他平台操作。",
    en: "This integration may not act for another platform.",
  },
  not_found: { zh: "未找到该记录。", en: "The record was not found." },
  method_not_allowed: { zh: "不支持此操作。", en: "This action is not supported." },
  version_mismatch: {
    zh: "该记录已被他人修改，请刷新后再操作。",
    en: "Someone else changed this record; reload it first.",
  },
  request_too_large: { zh: "提交的内容太大。", en: "The request is too large." },
  invalid_search: {
    zh: "FHIR 查询参数无法识别、重复或格式不正确。",
    en: "A FHIR search parameter is unknown, repeated or malformed.",
  },
  service_unavailable: {
    zh: "数据库暂时不可用，请稍后重试。",
    en: "The service is briefly unavailable; please retry in a moment.",
  },
  unsupported_media_type: { zh: "不支持的内容类型。", en: "Unsupported content type." },
  rate_limited: { zh: "操作过于频繁，请稍后再试。", en: "Too many requests; try again shortly." },
  idempotency_key_reused: {
    zh: "重复提交了不同的内容，请刷新后重试。",
    en: "A repeated submission differs from the first; reload and retry.",
  },
  idempotency_key_in_progress: {
    zh: "上一次提交仍在处理中。",
    en: "The previous submission is still being processed.",
  },
  http_error: { zh: "请求失败。", en: "The request failed." },
  internal_error: {
    zh: "系统出错，已记录，请稍后重试。",
    en: "Something went wrong on our side; it has been logged.",
  },
  already_exists: { zh: "该记录已存在。", en: "This record exists already." },
  concurrency_conflict: {
    zh: "他人同时修改了该记录，请刷新后重试。",
    en: "Someone changed this at the same time; reload and retry.",
  },
  already_taken: { zh: "该值已被其他记录使用。", en: "This value is taken by another record." },
  proxy_not_authorised: {
    zh: "家属没有此项授权。",
    en: "The family member lacks this permission.",
  },
  invalid_stage_transition: {
    zh: "病程不能转到该阶段。",
    en: "The episode cannot move to that stage.",
  },
  episode_closed: { zh: "病程已结束或已取消。", en: "The episode is closed or cancelled." },
  invalid_screening: {
    zh: "筛查数据不完整或超出范围。",
    en: "The screening is incomplete or out of range.",
  },
  follow_up_not_pending: {
    zh: "该随访已不是待完成状态。",
    en: "This follow-up is no longer scheduled.",
  },
  follow_up_not_found: { zh: "该病程中没有此随访。", en: "No such follow-up in this episode." },
  invalid_package: { zh: "服务包内容不符合规则。", en: "The package's content breaks a rule." },
  invalid_package_transition: {
    zh: "服务包不能转到该状态。",
    en: "The package cannot move to that status.",
  },
  package_not_draft: {
    zh: "只有草稿可以修改或提交。",
    en: "Only a draft can be changed or submitted.",
  },
  package_not_published: { zh: "该服务包未上架。", en: "The package is not published." },
  reviewer_is_drafter: {
    zh: "审核人不能审核自己起草的服务包。",
    en: "A reviewer cannot review their own draft.",
  },
  not_package_drafter: { zh: "只有起草人可以执行此操作。", en: "Only the drafter may do this." },
  field_not_editable: {
    zh: "当前状态下该字段不可修改。",
    en: "This field cannot change in this status.",
  },
  amount_mismatch: {
    zh: "支付金额与服务包价格不符。",
    en: "The amount paid is not the package's price.",
  },
  payment_ref_reused: {
    zh: "支付单号已被其他订单使用。",
    en: "The payment reference is used by another purchase.",
  },
  invalid_subscription_state: {
    zh: "服务包订单当前状态不允许此操作。",
    en: "The subscription's status does not allow this.",
  },
  intake_invalid: {
    zh: "建档信息不完整或不符合表单。",
    en: "The intake answers do not fit the form.",
  },
  entitlement_exhausted: { zh: "该服务项目次数已用完。", en: "No units of this service are left." },
  unknown_item: { zh: "服务包中没有该项目。", en: "The package has no such item." },
  redemption_mode_mismatch: {
    zh: "该项目需以其他方式核销。",
    en: "This item is redeemed another way.",
  },
  outside_validity: { zh: "不在服务包有效期内。", en: "Outside the subscription's validity." },
  cancellation_needs_refund: {
    zh: "仍有已付款项可退，请改为申请退款（退剩余部分）。",
    en: "Money paid is still refundable: request a refund of the remaining instead.",
  },
  ledger_closed: {
    zh: "该服务包的权益已关闭。",
    en: "This subscription's entitlements are closed.",
  },
  invalid_redemption_state: {
    zh: "核销记录当前状态不允许此操作。",
    en: "The redemption's status does not allow this.",
  },
  redemption_not_found: { zh: "未找到该核销记录。", en: "No such redemption." },
  no_matching_entitlement: {
    zh: "患者没有包含该项目的有效服务包。",
    en: "The patient has no active subscription with this item.",
  },
  receipt_ref_reused: {
    zh: "该回执单号已用于其他患者。",
    en: "This receipt reference was used for another patient.",
  },
  refund_already_open: {
    zh: "该服务包已有进行中的退款。",
    en: "This subscription has an open refund already.",
  },
  refund_exceeds_balance: {
    zh: "退款金额超过可退余额。",
    en: "The amount exceeds what is refundable.",
  },
  refund_exceeds_entitlements: { zh: "退订次数超过剩余次数。", en: "More units than remain." },
  item_not_refundable: { zh: "该项目不可退。", en: "This item cannot be refunded." },
  invalid_refund_state: {
    zh: "退款当前状态不允许此操作。",
    en: "The refund's status does not allow this.",
  },
  refund_not_found: { zh: "未找到该退款。", en: "No such refund." },
  approver_not_independent: {
    zh: "审批人不能是此前经手该退款的人。",
    en: "The approver handled an earlier step of this refund.",
  },
  approval_requires_finance: {
    zh: "超出报价或属于通融退款，需财务审批。",
    en: "Above the quote or goodwill: finance approves.",
  },
  approval_requires_service_lead: {
    zh: "该退款需客服主管审批。",
    en: "A service lead approves this refund.",
  },
  not_refund_requester: {
    zh: "只有申请人可以撤回退款。",
    en: "Only the requester may withdraw the refund.",
  },
  payment_amount_mismatch: {
    zh: "打款金额与批准金额不符。",
    en: "The payout is not the approved amount.",
  },
  invalid_settlement_file: { zh: "对账文件无法读取。", en: "The settlement file cannot be read." },
};
