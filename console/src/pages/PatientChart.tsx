import type { Me } from "../api/queries";

export default function PatientChart(_props: { me: Me; patientId?: string; episodeId?: string }) {
  return <div>PatientChart</div>;
}
