import type { Me } from "../api/queries";

export default function Workbench(_props: { me: Me; patientId?: string; episodeId?: string }) {
  return <div>Workbench</div>;
}
