/** `POST /api/participants` answers with a new anonymous identity. */
export interface ParticipantIssued {
  /** Keep it (the browser: localStorage) and send it in the socket handshake as `auth.token`. */
  token: string;
  participant: { id: string };
}
