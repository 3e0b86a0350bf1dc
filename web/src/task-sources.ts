// Where the Tasks view's list comes from. Today: ids typed in, or the tasks pushed from this browser tab (kept in
// sessionStorage). A source over the gateway's own record of recent pushes is one more TaskListSource: one
// operation and a function beside these two, chosen in views/tasks.ts.

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

export const sessionSource = (): TaskListSource => ({
  label: 'Tasks pushed from this browser tab',
  rows: () => Promise.resolve(pushedTasks()),
});

export const typedIdsSource = (ids: string[]): TaskListSource => ({
  label: ids.length === 1 ? 'The task you asked for' : 'The tasks you asked for',
  rows: () => Promise.resolve(ids.map((id) => pushedTask(id) ?? { id })),
});

/** Ids from free text: commas, spaces or new lines between them; each once. */
export const splitIds = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];
