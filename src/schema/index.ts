// The schema: each domain module registers its types on the builder; this file assembles them.
import { GraphQLDeferDirective, GraphQLStreamDirective } from '@graphql-tools/utils';
import { lexicographicSortSchema, specifiedDirectives, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './diagnosis.js';
import './loss.js';
import './trace.js';
import './outcome.js';
import './task.js';
import './stats.js';
import './summary.js';
import './batch.js';
import './revoke.js';
import './live.js';

export type { Context, RequestContext } from './builder.js';

/** The schema as served: with @defer and @stream, so schema.graphql and codegen see what the server accepts. */
export function buildSchema(): GraphQLSchema {
  return lexicographicSortSchema(
    builder.toSchema({ directives: [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective] }),
  );
}
