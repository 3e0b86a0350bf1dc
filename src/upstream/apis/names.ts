// The names of the upstream APIs, as their paths spell them (/v4/timpush/<name>): a list that imports nothing, so
// that errors and limits can name an API without depending on every API's module. index.ts describes each one
// and the compiler holds the two lists equal.
export const API_NAMES = [
  'normal_push_trace',
  'all_member_push_trace',
  'normal_push_loss',
  'all_member_push_loss',
  'normal_push_statistics',
  'all_member_push_statistics',
  'batch',
  'revoke',
  'push',
  'get_tag',
  'add_tag',
  'remove_tag',
  'clear_all_tags',
  'get_attr_name',
  'set_attr_name',
  'get_attr',
  'set_attr',
  'remove_attr',
  'add_sched_task',
  'modify_sched_task',
  'get_sched_task',
  'list_sched_task',
  'delete_sched_task',
] as const;

export type Api = (typeof API_NAMES)[number];
