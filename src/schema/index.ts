// The schema: each domain module registers its types on the builder; this file assembles them.
import { GraphQLDeferDirective, GraphQLStreamDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { GraphQLEnumType, isEnumType, lexicographicSortSchema, specifiedDirectives, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './diagnosis.js';
import './loss.js';
import './trace.js';
import './outcome.js';
import './task.js';
import './stats.js';
import './summary.js';
import './batch.js';
import './push.js';
import './quota.js';
import './tags.js';
import './attributes.js';
import './schedule.js';
import './revoke.js';
import './live.js';
import './history.js';
import './recipients.js';
import './alerts.js';

export type { Context, RequestContext } from './builder.js';

/**
 * The schema as served: with @defer and @stream, so schema.graphql and codegen see what the server accepts.
 * Types and fields are sorted (a stable schema.graphql); enum values keep their declared order (funnel
 * order, wire order), which introspection and generated types then inherit.
 */
export function buildSchema(): GraphQLSchema {
  const declared = builder.toSchema({
    directives: [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective],
    sortSchema: false,
  });
  return mapSchema(lexicographicSortSchema(declared), {
    [MapperKind.ENUM_TYPE]: (sorted) => {
      const original = declared.getType(sorted.name);
      if (!isEnumType(original)) return sorted;
      const config = sorted.toConfig();
      const values = Object.fromEntries(original.getValues().map(({ name }) => [name, config.values[name]!]));
      return new GraphQLEnumType({ ...config, values });
    },
  });
}
