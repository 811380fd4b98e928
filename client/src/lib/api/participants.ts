// Anonymous participants: the server issues a signed token that identifies this browser in the
// live namespace's handshake. POST /api/participants answers 201 with the shape below.
import { postJson, type Fetch, type RequestOptions } from './http.js';

export interface ParticipantGrant {
  token: string;
  participant: { id: string };
}

export interface ParticipantsApi {
  createParticipant(options?: RequestOptions): Promise<ParticipantGrant>;
}

export function createParticipantsApi(fetchImpl?: Fetch): ParticipantsApi {
  return {
    createParticipant: (options) => postJson<ParticipantGrant>('/api/participants', {}, options, fetchImpl),
  };
}

export const participantsApi: ParticipantsApi = createParticipantsApi();
