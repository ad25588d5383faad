// 工作台 charts: the department's patients by risk tier and episodes by stage. ECharts
// arrives on first render (Chart's lazy import), after the workbench itself has shown.
import { Card, Col, Row } from "antd";
import { useMemo } from "react";
import { useLang } from "../i18n/LangContext";
import { DEPARTMENT_NAMES, TIER_NAMES } from "../i18n/messages";
import { STAGES } from "../i18n/words";
import { Chart } from "./Chart";
import { type DepartmentCounts, stageOption, tierOption } from "./options";

export default function WorkbenchCharts({ departments }: { departments: DepartmentCounts[] }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const tiers = useMemo(
    () => tierOption(departments, TIER_NAMES, DEPARTMENT_NAMES, lang),
    [departments, lang],
  );
  const stages = useMemo(
    () => stageOption(departments, STAGES, DEPARTMENT_NAMES, lang),
    [departments, lang],
  );
  const height = 80 + 40 * departments.length;
  return (
    <Row gutter={16} style={{ marginBottom: 16 }}>
      <Col xs={24} lg={12}>
        <Card size="small" title={zh ? "患者营养风险分层" : "Patients by risk tier"}>
          <Chart
            option={tiers}
            height={Math.max(160, height)}
            label={zh ? "各科室患者营养风险分层" : "Patients by risk tier per department"}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={zh ? "病程阶段分布" : "Episodes by stage"}>
          <Chart
            option={stages}
            height={Math.max(160, height)}
            label={zh ? "各科室病程阶段分布" : "Episodes by stage per department"}
          />
        </Card>
      </Col>
    </Row>
  );
}
