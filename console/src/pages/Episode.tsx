import type { Me } from "../api/queries";

export default function Episode(_props: { me: Me; patientId?: string; episodeId?: string }) {
  return <div>Episode</div>;
}
