// drizzle-kit: `npm run db:generate` writes the SQL migrations of src/history/schema.ts and src/alerts/schema.ts
// into drizzle/.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/history/schema.ts', './src/alerts/schema.ts'],
  out: './drizzle',
});
