import type * as v from 'valibot';
import { parseOrRefuse } from '../../../shared/contracts/problem.js';
import { DomainError } from './domain-error.js';

/**
 * The checked value of a socket payload or HTTP body, or `request/invalid` with the message the
 * shared formatter writes ("…" must be …; got …). Payloads are `unknown` until they pass here.
 */
export function readPayload<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  return parseOrRefuse(schema, body, ({ message }) => {
    throw new DomainError('request/invalid', message);
  });
}
