import { buildSchema, parse, type ExecutionArgs } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/graphql/plugins/execution.js';

const schema = buildSchema(`type Query { a: Int } type Subscription { s: Int }`);
const run = (document: ExecutionArgs['document'], operationName?: string): ExecutionArgs => ({
  schema,
  document,
  operationName,
});

describe('which executions run compiled', () => {
  it('a document from its Nth execution on, decided once per execution', () => {
    const compiled = compilePolicy(2);
    const document = parse(`{ a }`);
    const first = run(document);
    expect([compiled(first), compiled(first)]).toEqual([false, false]);
    const second = run(document);
    expect([compiled(second), compiled(second)]).toEqual([true, true]);
    expect(compiled(run(document))).toBe(true);
    // Another document with the same text is another document: yoga's parse cache hands the same one back.
    expect(compiled(run(parse(`{ a }`)))).toBe(false);
  });

  it('at once with 1, never with 0', () => {
    expect(compilePolicy(1)(run(parse(`{ a }`)))).toBe(true);
    const never = compilePolicy(0);
    const document = parse(`{ a }`);
    expect([1, 2, 3].map(() => never(run(document)))).toEqual([false, false, false]);
  });

  it('never a subscription, a document of several operations or one asking for @defer/@stream', () => {
    const compiled = compilePolicy(1);
    expect(compiled(run(parse(`subscription { s }`)))).toBe(false);
    expect(compiled(run(parse(`query A { a } query B { a }`), 'A'))).toBe(false);
    expect(compiled(run(parse(`{ ... @defer { a } }`)))).toBe(false);
    expect(compiled(run(parse(`query Q($d: Boolean!) { ... @defer(if: $d) { a } }`)))).toBe(false);
  });
});
