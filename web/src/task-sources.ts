// Where the Tasks view's list comes from: ids typed in, or the tasks pushed through the gateway (its history's
// recentTasks), with those pushed from this browser tab (kept in sessionStorage) when the gateway keeps no history.
import { DashboardRecentTasksDocument } from '../gql/graphql.js';
import { request } from './api.js';

export interface TaskRow {
  id: string;
  title?: string | null;
  sentAt?: string | null;
  recipientCount?: number | null;
  dataId?: string | null;
}

export interface TaskListSource {
  /** Says where the list comes from, as a heading. */
  label: string;
  rows(): Promise<TaskRow[]>;
}

export interface PushedTask extends TaskRow {
  failedAccounts: { account: string; errorCode: number; errorInfo?: string | null }[];
}

const KEY = 'timpush.pushed';
const KEEP = 50;

export function pushedTasks(): PushedTask[] {
  try {
    const list = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? (list as PushedTask[]).filter((t) => typeof t?.id === 'string') : [];
  } catch {
    return [];
  }
}

export const pushedTask = (id: string): PushedTask | undefined => pushedTasks().find((t) => t.id === id);

/** Remembers a task pushed from this tab, newest first. */
export function rememberPushed(task: PushedTask): void {
  const rest = pushedTasks().filter((t) => t.id !== task.id);
  sessionStorage.setItem(KEY, JSON.stringify([task, ...rest].slice(0, KEEP)));
}

/** How many recent pushes the Tasks view lists. */
const RECENT = 20;

/**
 * The tasks pushed through this gateway, newest first, from its records; the ones pushed from this tab come first
 * while they are not in the records yet (history still opening) or when the gateway keeps none (HISTORY_ENABLED=false).
 */
export const recentSource = (): TaskListSource => ({
  label: 'Recent pushes through this gateway',
  async rows() {
    const mine = pushedTasks();
    const recent = await request(DashboardRecentTasksDocument, { first: RECENT }).then(
      ({ data }) => data?.recentTasks.edges.map((e): TaskRow => e.node) ?? [],
      () => [] as TaskRow[],
    );
    const recorded = new Set(recent.map((t) => t.id));
    return [...mine.filter((t) => !recorded.has(t.id)), ...recent].slice(0, Math.max(RECENT, mine.length));
  },
});

export const typedIdsSource = (ids: string[]): TaskListSource => ({
  label: ids.length === 1 ? 'The task you asked for' : 'The tasks you asked for',
  rows: () => Promise.resolve(ids.map((id) => pushedTask(id) ?? { id })),
});

/** Ids from free text: commas, spaces or new lines between them; each once. */
export const splitIds = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];
