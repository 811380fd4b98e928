// The one formatter of schema failures. Every schema in shared/contracts/ writes its messages for
// a person ("must be a UUID such as …; got 42."), with FIELD where the field's name belongs: a
// message is made before the schema knows where in the payload it sits, so the name is filled in
// here, from the issue's path, once the whole payload has been checked.
import * as v from 'valibot';

/** Stands for the quoted path of the field in a message: `"partId"`, `"order[3]"`, `"rule.minShare"`. */
export const FIELD = '{field}';

export type Issues = [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]];

/** Where the first problem is (`parts[0].items[3].end`, '' for the payload itself) and what it is. */
export interface Problem {
  path: string;
  message: string;
}

/** The first issue of a failed parse (checks stop at the first), with the field named in its message. */
export function firstProblem(issues: Issues): Problem {
  const [issue] = issues;
  const path = pathOf(issue);
  return { path, message: issue.message.replaceAll(FIELD, `"${path}"`) };
}

/** Checks `input` against `schema`, stopping at the first problem; `refuse` turns that into an error. */
export function parseOrRefuse<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  refuse: (problem: Problem) => never,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortEarly: true });
  if (!result.success) refuse(firstProblem(result.issues));
  return result.output;
}

/** `parts[0].items[3].end`: keys joined with dots, list positions in brackets. */
function pathOf(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path === '' ? String(key) : `.${String(key)}`;
  }
  return path;
}
