// Per-device outcome: on each device, did the push arrive, get clicked, or fail — where and why.
import { TRACE_RESULTS, bestResult, outcomeOf, type DeliveryOutcome as OutcomeShape } from '../diagnosis/outcome.js';
import { TraceStage, builder } from './builder.js';
import { Diagnosis } from './diagnosis.js';
import { perObject } from './derived.js';
import { valueIdOf } from './identity.js';
import { InstanceTrace, UserTrace, instancesOf } from './trace.js';

export const TraceResult = builder.enumType('TraceResult', {
  description:
    'How far a push got on a device: CLICKED, DELIVERED (a device stage, offline or online, succeeded), FAILED (a stage failed), PENDING (no failure and nothing delivered yet).',
  values: TRACE_RESULTS,
});

const DeliveryOutcome = builder.objectRef<OutcomeShape>('DeliveryOutcome').implement({
  fields: (t) => ({
    id: t.id({
      description: 'Derived from the outcome itself: equal outcomes share it.',
      resolve: perObject((o) => valueIdOf('DeliveryOutcome', o)),
    }),
    result: t.field({ type: TraceResult, resolve: (o) => o.result }),
    failedStage: t.field({
      type: TraceStage,
      nullable: true,
      description: 'The first stage that failed, in funnel order; null unless FAILED.',
      resolve: (o) => o.failedStage,
    }),
    diagnosis: t.field({
      type: Diagnosis,
      nullable: true,
      description: "The failed stage's code explained; null unless FAILED.",
      resolve: (o) => o.diagnosis,
    }),
  }),
});

builder.objectField(InstanceTrace, 'outcome', (t) =>
  t.field({
    type: DeliveryOutcome,
    description:
      'FAILED at the first failed stage, with its diagnosis; else CLICKED when the click stage succeeded; else DELIVERED when a device stage succeeded; else PENDING.',
    resolve: perObject(outcomeOf),
  }),
);

builder.objectField(UserTrace, 'outcome', (t) =>
  t.field({
    type: TraceResult,
    description:
      "The best result over the user's devices (CLICKED, then DELIVERED, PENDING, FAILED); PENDING when the trace shows no device.",
    resolve: async (u, _, ctx) => bestResult(await instancesOf(u, ctx)),
  }),
);
