// A subscription's money in a side drawer: paid, refunded, committed, refundable, value
// redeemed and not yet delivered, and per item its units and exact value.
import { useQuery } from "@tanstack/react-query";
import { Descriptions, Drawer, Skeleton, Table } from "antd";
import { api, unwrap } from "../../api/client";
import { afterParam } from "../../api/queries";
import { ft, PAYER_TYPES } from "../../i18n/finance";
import { useLang } from "../../i18n/LangContext";
import { word } from "../../i18n/words";
import type { Money } from "../../lib/money";
import { formatDateTime } from "../../lib/time";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { Amount } from "./money";

type Balance = Record<
  | "paid"
  | "refunded"
  | "committed"
  | "awaiting_payout"
  | "refundable"
  | "redeemed_value"
  | "undelivered_value",
  Money
> & {
  subscription_id: string;
  payer_type: string;
  payment_ref: string;
  purchased_at: string;
  items: { code: string; quantity: number; redeemed: number; value: Money }[];
};

export function BalanceDrawer({
  subscriptionId,
  onClose,
}: {
  subscriptionId: string | null;
  onClose: () => void;
}) {
  const { lang } = useLang();
  const found = useQuery({
    queryKey: ["finance-balance", subscriptionId],
    enabled: subscriptionId !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/finance/subscriptions/{subscription_id}/balance", {
          params: { path: { subscription_id: subscriptionId ?? "" }, query: afterParam() },
        }),
      ) as Promise<Balance>,
  });
  const b = found.data;
  return (
    <Drawer
      open={subscriptionId !== null}
      onClose={onClose}
      width={560}
      title={ft("balance", lang)}
    >
      {found.isError ? (
        <ErrorBanner error={found.error} retry={() => found.refetch()} />
      ) : !b ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions size="small" column={1} bordered data-testid="balance">
            <Descriptions.Item label={ft("subscription", lang)}>
              {b.subscription_id}
            </Descriptions.Item>
            <Descriptions.Item label={ft("payer", lang)}>
              {word(PAYER_TYPES, b.payer_type, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={ft("providerRef", lang)}>{b.payment_ref}</Descriptions.Item>
            <Descriptions.Item label={lang === "zh" ? "购买时间" : "Bought"}>
              {formatDateTime(b.purchased_at)}
            </Descriptions.Item>
            <Descriptions.Item label={ft("paidIn", lang)}>
              <Amount money={b.paid} />
            </Descriptions.Item>
            <Descriptions.Item label={ft("refunded", lang)}>
              <Amount money={b.refunded} />
            </Descriptions.Item>
            <Descriptions.Item label={ft("committed", lang)}>
              <Amount money={b.committed} />
            </Descriptions.Item>
            <Descriptions.Item label={ft("awaiting", lang)}>
              <Amount money={b.awaiting_payout} />
            </Descriptions.Item>
            <Descriptions.Item label={ft("refundable", lang)}>
              <Amount money={b.refundable} />
            </Descriptions.Item>
            <Descriptions.Item label={ft("redeemedValue", lang)}>
              <Amount money={b.redeemed_value} />
            </Descriptions.Item>
            <Descriptions.Item label={ft("deferred", lang)}>
              <Amount money={b.undelivered_value} />
            </Descriptions.Item>
          </Descriptions>
          <Table
            style={{ marginTop: 16 }}
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={b.items}
            columns={[
              { title: lang === "zh" ? "项目" : "Item", dataIndex: "code" },
              { title: lang === "zh" ? "数量" : "Units", dataIndex: "quantity", align: "right" },
              {
                title: lang === "zh" ? "已核销" : "Redeemed",
                dataIndex: "redeemed",
                align: "right",
              },
              {
                title: lang === "zh" ? "价值" : "Value",
                key: "v",
                align: "right",
                render: (_, i) => <Amount money={i.value} />,
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
