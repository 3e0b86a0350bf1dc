// Diagnosis: what a vendor's or Tencent's error code means and what to do about it (src/diagnosis holds the knowledge).
import { LOSS_CLASSES, diagnose, type Diagnosis as DiagnosisShape } from '../diagnosis/index.js';
import { LossStage, PushPlatform, builder } from './builder.js';
import { perObject } from './derived.js';
import { valueIdOf } from './identity.js';
import { badInput } from './validate.js';

export const LossClass = builder.enumType('LossClass', {
  description:
    'What kind of fix a lost push calls for: a dead token to prune, console or credential configuration, a vendor quota or rate, a user who turned notifications off, an inactive device, the message itself, a passing failure to retry, or not known.',
  values: LOSS_CLASSES,
});

export const Diagnosis = builder.objectRef<DiagnosisShape>('Diagnosis').implement({
  description:
    'What an error code means and what to do, from a reviewed knowledge base with its sources. A code it lacks is UNKNOWN with meaning and remedy null: nothing is guessed.',
  fields: (t) => ({
    id: t.id({
      description: 'Derived from the diagnosis itself: equal diagnoses share it.',
      resolve: perObject((d) => valueIdOf('Diagnosis', d)),
    }),
    class: t.field({ type: LossClass, resolve: (d) => d.class }),
    meaning: t.exposeString('meaning', { nullable: true }),
    remedy: t.exposeString('remedy', { nullable: true }),
    retryable: t.exposeBoolean('retryable', { description: 'Sending the same push again later can succeed.' }),
    pruneToken: t.exposeBoolean('pruneToken', {
      description: 'The device token is dead: stop sending to it and forget it.',
    }),
    source: t.exposeString('source', { nullable: true, description: 'The page the meaning comes from.' }),
  }),
});

builder.queryField('diagnosis', (t) =>
  t.field({
    type: Diagnosis,
    description:
      "The diagnosis of a code, for tools. Give the channel: a vendor's code is only read with its vendor. `stage` and `errorInfo` refine codes whose meaning depends on them (APNs 400's reasons).",
    args: {
      platform: t.arg({ type: PushPlatform }),
      code: t.arg.string({ required: true }),
      stage: t.arg({ type: LossStage }),
      errorInfo: t.arg.string(),
    },
    resolve: (_, { platform, code, stage, errorInfo }) => {
      if (code.trim() === '' || code.length > 64) throw badInput('code must hold 1 to 64 characters', 'code');
      return diagnose(platform ?? null, code, stage, errorInfo);
    },
  }),
);
