// Values the schema derives from upstream data, kept with the data they derive from.
//
// A cached upstream answer is one object per cache entry, shared by every request that reads it while it lives
// (the scheduler decodes it once). What a field derives from it — the objects that carry their owner for their
// ids, the ids themselves, summaries, diagnoses — is the same for each of those requests, so it is computed
// once per answer rather than once per request and field: repeated reads of cached data cost the executor's
// walk, as an in-memory answer would. Entries are weak: they go when the answer leaves the cache. Nothing
// derived is changed after it is made, since other requests read it too.

/** `compute(o)`, once per object. */
export function perObject<O extends object, V>(compute: (o: O) => V): (o: O) => V {
  const values = new WeakMap<O, V>();
  return (o) => {
    let value = values.get(o);
    if (value === undefined && !values.has(o)) values.set(o, (value = compute(o)));
    return value as V;
  };
}

/**
 * A value derived from an object and a context that is not in the object (whose report or trace it is part
 * of, as a string): `kept(of, context, compute)`, computed once per pair.
 */
export function perObjectIn<V>(): (of: object, context: string, compute: () => V) => V {
  const values = new WeakMap<object, Map<string, V>>();
  return (of, context, compute) => {
    let byContext = values.get(of);
    if (!byContext) values.set(of, (byContext = new Map<string, V>()));
    let value = byContext.get(context);
    if (value === undefined && !byContext.has(context)) byContext.set(context, (value = compute()));
    return value as V;
  };
}
