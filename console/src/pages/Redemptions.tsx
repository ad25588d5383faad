import type { Me } from "../api/queries";

export default function Redemptions(_props: { me: Me; patientId?: string; episodeId?: string }) {
  return <div>Redemptions</div>;
}
