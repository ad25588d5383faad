import type { Me } from "../api/queries";

export default function Patients(_props: { me: Me; patientId?: string; episodeId?: string }) {
  return <div>Patients</div>;
}
