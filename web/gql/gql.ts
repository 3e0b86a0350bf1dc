/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "subscription DashboardAlertChanges {\n  alerts {\n    id\n    state\n  }\n}": typeof types.DashboardAlertChangesDocument,
    "query DashboardAlerts {\n  alertRules {\n    ...DashboardAlertRule\n  }\n  firing: alerts(state: FIRING, first: 50) {\n    edges {\n      node {\n        ...DashboardAlert\n      }\n    }\n  }\n  past: alerts(state: RESOLVED, first: 20) {\n    edges {\n      node {\n        ...DashboardAlert\n      }\n    }\n  }\n}\n\nfragment DashboardAlertRule on AlertRule {\n  id\n  name\n  enabled\n  cooldownMinutes\n  condition {\n    summary\n    lossRate {\n      above\n      minEvents\n      windowMinutes\n      taskId\n      platform\n      class\n    }\n    newCode {\n      platform\n      class\n      windowMinutes\n    }\n    silence {\n      minutes\n    }\n    quota {\n      remainingBelow\n    }\n  }\n  channels {\n    webhook {\n      url\n      format\n      signed\n    }\n  }\n}\n\nfragment DashboardAlert on Alert {\n  id\n  state\n  value\n  threshold\n  summary\n  remedy\n  firedAt\n  resolvedAt\n  rule {\n    id\n    name\n  }\n  tasks {\n    id\n  }\n  codes {\n    platform\n    code\n    info\n    class\n    count\n    meaning\n  }\n  deliveries {\n    channelIndex\n    event\n    status\n    attempts\n    at\n    error\n    channel {\n      webhook {\n        url\n        format\n      }\n    }\n  }\n}": typeof types.DashboardAlertsDocument,
    "mutation DashboardCreateAlertRule($input: AlertRuleInput!) {\n  createAlertRule(input: $input) {\n    ...DashboardAlertRule\n  }\n}": typeof types.DashboardCreateAlertRuleDocument,
    "query DashboardDaily($taskId: ID!, $from: Date!, $to: Date!) {\n  task(id: $taskId) {\n    id\n    daily(from: $from, to: $to) {\n      day\n      observedAt\n      settled\n      stats {\n        id\n        total\n        sent\n        delivered\n        clicked\n      }\n      loss {\n        id\n        total\n      }\n    }\n  }\n}": typeof types.DashboardDailyDocument,
    "mutation DashboardDeleteAlertRule($id: ID!) {\n  deleteAlertRule(id: $id)\n}": typeof types.DashboardDeleteAlertRuleDocument,
    "fragment DashboardDiagnosis on Diagnosis {\n  id\n  class\n  meaning\n  remedy\n  retryable\n  pruneToken\n  source\n}": typeof types.DashboardDiagnosisFragmentDoc,
    "fragment DashboardInstance on InstanceTrace {\n  id\n  instanceId\n  platform\n  eventType\n  deviceModel\n  system\n  systemVersion\n  notificationEnabled\n  recentlyActive\n  pushTime\n  outcome {\n    id\n    result\n    failedStage\n    diagnosis {\n      id\n      class\n      meaning\n      remedy\n      retryable\n      pruneToken\n      source\n    }\n  }\n  stages {\n    id\n    stage\n    status\n    errorCode\n    errorInfo\n    eventTime\n  }\n}": typeof types.DashboardInstanceFragmentDoc,
    "query DashboardInvalidTokens($platform: [PushPlatform!], $first: Int!, $after: String) {\n  invalidTokens(platform: $platform, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...DashboardRecipient\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.DashboardInvalidTokensDocument,
    "subscription DashboardProgress($taskId: ID!) {\n  taskProgress(taskId: $taskId) {\n    ...DashboardProgressFigures\n  }\n}": typeof types.DashboardProgressDocument,
    "fragment DashboardProgressFigures on TaskProgress {\n  taskId\n  sent\n  delivered\n  clicked\n  failed\n  updatedAt\n  byPlatform {\n    platform\n    sent\n    delivered\n    clicked\n    failed\n  }\n  topReasons {\n    stage\n    platform\n    errorCode\n    errorInfo\n    count\n    diagnosis {\n      class\n      meaning\n      remedy\n    }\n  }\n}": typeof types.DashboardProgressFiguresFragmentDoc,
    "query DashboardPushQuota {\n  pushQuota {\n    dailyLimit\n    used\n    remaining\n    resetsAt\n  }\n}": typeof types.DashboardPushQuotaDocument,
    "query DashboardPushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      ...DashboardInstance\n    }\n  }\n}": typeof types.DashboardPushTracesDocument,
    "query DashboardRecentTasks($first: Int!) {\n  recentTasks(first: $first) {\n    edges {\n      node {\n        id\n        title\n        sentAt\n        recipientCount\n        dataId\n        tracked\n      }\n    }\n  }\n}": typeof types.DashboardRecentTasksDocument,
    "fragment DashboardRecipient on Recipient {\n  id\n  account\n  taskId\n  pushId\n  result\n  failedStage\n  lastEventAt\n  devices {\n    platform\n    eventType\n    stage\n    status\n    errorCode\n    errorInfo\n    at\n    diagnosis {\n      id\n      class\n      meaning\n      remedy\n    }\n  }\n}": typeof types.DashboardRecipientFragmentDoc,
    "query DashboardRecipients($taskId: ID!, $filter: RecipientFilter, $first: Int!, $after: String) {\n  task(id: $taskId) {\n    id\n    recipientSummary {\n      total\n      byResult {\n        result\n        count\n      }\n      byClass {\n        class\n        count\n      }\n    }\n    recipients(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...DashboardRecipient\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.DashboardRecipientsDocument,
    "mutation DashboardSchedulePush($input: SchedulePushInput!) {\n  schedulePush(input: $input) {\n    id\n    scheduledPush {\n      id\n      at\n      status\n    }\n  }\n}": typeof types.DashboardSchedulePushDocument,
    "mutation DashboardSendAudiencePush($input: SendPushInput!) {\n  sendPush(input: $input) {\n    taskId\n  }\n}": typeof types.DashboardSendAudiencePushDocument,
    "mutation DashboardSendPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    failedAccounts {\n      id\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}": typeof types.DashboardSendPushDocument,
    "query DashboardTask($taskId: ID!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        id\n        from\n        to\n        total\n        sent\n        delivered\n        clicked\n        byPlatform {\n          id\n          platform\n          eventType\n          deliveryNeedsReceipts\n          total\n          sent\n          delivered\n          clicked\n        }\n      }\n      loss {\n        id\n        from\n        to\n        total\n        byPlatform {\n          id\n          stage\n          platform\n          count\n        }\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n      }\n      topReasons(limit: 8) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          ...DashboardDiagnosis\n        }\n      }\n    }\n    live {\n      ...DashboardProgressFigures\n    }\n  }\n}": typeof types.DashboardTaskDocument,
    "query DashboardTaskAlerts($taskId: ID!) {\n  task(id: $taskId) {\n    id\n    alerts {\n      id\n      summary\n      remedy\n      firedAt\n      rule {\n        id\n        name\n      }\n    }\n  }\n}": typeof types.DashboardTaskAlertsDocument,
    "query DashboardTasks($ids: [ID!]!) {\n  tasks(ids: $ids) {\n    id\n    summary {\n      id\n      lossRate\n      stats {\n        id\n        total\n        sent\n        delivered\n        clicked\n      }\n      loss {\n        id\n        total\n      }\n    }\n  }\n}": typeof types.DashboardTasksDocument,
    "query DashboardTraces($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      id\n      userId\n      outcome\n      instances {\n        ...DashboardInstance\n      }\n    }\n  }\n}": typeof types.DashboardTracesDocument,
    "mutation DashboardUpdateAlertRule($id: ID!, $input: AlertRuleInput!) {\n  updateAlertRule(id: $id, input: $input) {\n    ...DashboardAlertRule\n  }\n}": typeof types.DashboardUpdateAlertRuleDocument,
};
const documents: Documents = {
    "subscription DashboardAlertChanges {\n  alerts {\n    id\n    state\n  }\n}": types.DashboardAlertChangesDocument,
    "query DashboardAlerts {\n  alertRules {\n    ...DashboardAlertRule\n  }\n  firing: alerts(state: FIRING, first: 50) {\n    edges {\n      node {\n        ...DashboardAlert\n      }\n    }\n  }\n  past: alerts(state: RESOLVED, first: 20) {\n    edges {\n      node {\n        ...DashboardAlert\n      }\n    }\n  }\n}\n\nfragment DashboardAlertRule on AlertRule {\n  id\n  name\n  enabled\n  cooldownMinutes\n  condition {\n    summary\n    lossRate {\n      above\n      minEvents\n      windowMinutes\n      taskId\n      platform\n      class\n    }\n    newCode {\n      platform\n      class\n      windowMinutes\n    }\n    silence {\n      minutes\n    }\n    quota {\n      remainingBelow\n    }\n  }\n  channels {\n    webhook {\n      url\n      format\n      signed\n    }\n  }\n}\n\nfragment DashboardAlert on Alert {\n  id\n  state\n  value\n  threshold\n  summary\n  remedy\n  firedAt\n  resolvedAt\n  rule {\n    id\n    name\n  }\n  tasks {\n    id\n  }\n  codes {\n    platform\n    code\n    info\n    class\n    count\n    meaning\n  }\n  deliveries {\n    channelIndex\n    event\n    status\n    attempts\n    at\n    error\n    channel {\n      webhook {\n        url\n        format\n      }\n    }\n  }\n}": types.DashboardAlertsDocument,
    "mutation DashboardCreateAlertRule($input: AlertRuleInput!) {\n  createAlertRule(input: $input) {\n    ...DashboardAlertRule\n  }\n}": types.DashboardCreateAlertRuleDocument,
    "query DashboardDaily($taskId: ID!, $from: Date!, $to: Date!) {\n  task(id: $taskId) {\n    id\n    daily(from: $from, to: $to) {\n      day\n      observedAt\n      settled\n      stats {\n        id\n        total\n        sent\n        delivered\n        clicked\n      }\n      loss {\n        id\n        total\n      }\n    }\n  }\n}": types.DashboardDailyDocument,
    "mutation DashboardDeleteAlertRule($id: ID!) {\n  deleteAlertRule(id: $id)\n}": types.DashboardDeleteAlertRuleDocument,
    "fragment DashboardDiagnosis on Diagnosis {\n  id\n  class\n  meaning\n  remedy\n  retryable\n  pruneToken\n  source\n}": types.DashboardDiagnosisFragmentDoc,
    "fragment DashboardInstance on InstanceTrace {\n  id\n  instanceId\n  platform\n  eventType\n  deviceModel\n  system\n  systemVersion\n  notificationEnabled\n  recentlyActive\n  pushTime\n  outcome {\n    id\n    result\n    failedStage\n    diagnosis {\n      id\n      class\n      meaning\n      remedy\n      retryable\n      pruneToken\n      source\n    }\n  }\n  stages {\n    id\n    stage\n    status\n    errorCode\n    errorInfo\n    eventTime\n  }\n}": types.DashboardInstanceFragmentDoc,
    "query DashboardInvalidTokens($platform: [PushPlatform!], $first: Int!, $after: String) {\n  invalidTokens(platform: $platform, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...DashboardRecipient\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.DashboardInvalidTokensDocument,
    "subscription DashboardProgress($taskId: ID!) {\n  taskProgress(taskId: $taskId) {\n    ...DashboardProgressFigures\n  }\n}": types.DashboardProgressDocument,
    "fragment DashboardProgressFigures on TaskProgress {\n  taskId\n  sent\n  delivered\n  clicked\n  failed\n  updatedAt\n  byPlatform {\n    platform\n    sent\n    delivered\n    clicked\n    failed\n  }\n  topReasons {\n    stage\n    platform\n    errorCode\n    errorInfo\n    count\n    diagnosis {\n      class\n      meaning\n      remedy\n    }\n  }\n}": types.DashboardProgressFiguresFragmentDoc,
    "query DashboardPushQuota {\n  pushQuota {\n    dailyLimit\n    used\n    remaining\n    resetsAt\n  }\n}": types.DashboardPushQuotaDocument,
    "query DashboardPushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      ...DashboardInstance\n    }\n  }\n}": types.DashboardPushTracesDocument,
    "query DashboardRecentTasks($first: Int!) {\n  recentTasks(first: $first) {\n    edges {\n      node {\n        id\n        title\n        sentAt\n        recipientCount\n        dataId\n        tracked\n      }\n    }\n  }\n}": types.DashboardRecentTasksDocument,
    "fragment DashboardRecipient on Recipient {\n  id\n  account\n  taskId\n  pushId\n  result\n  failedStage\n  lastEventAt\n  devices {\n    platform\n    eventType\n    stage\n    status\n    errorCode\n    errorInfo\n    at\n    diagnosis {\n      id\n      class\n      meaning\n      remedy\n    }\n  }\n}": types.DashboardRecipientFragmentDoc,
    "query DashboardRecipients($taskId: ID!, $filter: RecipientFilter, $first: Int!, $after: String) {\n  task(id: $taskId) {\n    id\n    recipientSummary {\n      total\n      byResult {\n        result\n        count\n      }\n      byClass {\n        class\n        count\n      }\n    }\n    recipients(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...DashboardRecipient\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.DashboardRecipientsDocument,
    "mutation DashboardSchedulePush($input: SchedulePushInput!) {\n  schedulePush(input: $input) {\n    id\n    scheduledPush {\n      id\n      at\n      status\n    }\n  }\n}": types.DashboardSchedulePushDocument,
    "mutation DashboardSendAudiencePush($input: SendPushInput!) {\n  sendPush(input: $input) {\n    taskId\n  }\n}": types.DashboardSendAudiencePushDocument,
    "mutation DashboardSendPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    failedAccounts {\n      id\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}": types.DashboardSendPushDocument,
    "query DashboardTask($taskId: ID!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        id\n        from\n        to\n        total\n        sent\n        delivered\n        clicked\n        byPlatform {\n          id\n          platform\n          eventType\n          deliveryNeedsReceipts\n          total\n          sent\n          delivered\n          clicked\n        }\n      }\n      loss {\n        id\n        from\n        to\n        total\n        byPlatform {\n          id\n          stage\n          platform\n          count\n        }\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n      }\n      topReasons(limit: 8) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          ...DashboardDiagnosis\n        }\n      }\n    }\n    live {\n      ...DashboardProgressFigures\n    }\n  }\n}": types.DashboardTaskDocument,
    "query DashboardTaskAlerts($taskId: ID!) {\n  task(id: $taskId) {\n    id\n    alerts {\n      id\n      summary\n      remedy\n      firedAt\n      rule {\n        id\n        name\n      }\n    }\n  }\n}": types.DashboardTaskAlertsDocument,
    "query DashboardTasks($ids: [ID!]!) {\n  tasks(ids: $ids) {\n    id\n    summary {\n      id\n      lossRate\n      stats {\n        id\n        total\n        sent\n        delivered\n        clicked\n      }\n      loss {\n        id\n        total\n      }\n    }\n  }\n}": types.DashboardTasksDocument,
    "query DashboardTraces($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      id\n      userId\n      outcome\n      instances {\n        ...DashboardInstance\n      }\n    }\n  }\n}": types.DashboardTracesDocument,
    "mutation DashboardUpdateAlertRule($id: ID!, $input: AlertRuleInput!) {\n  updateAlertRule(id: $id, input: $input) {\n    ...DashboardAlertRule\n  }\n}": types.DashboardUpdateAlertRuleDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription DashboardAlertChanges {\n  alerts {\n    id\n    state\n  }\n}"): typeof import('./graphql.js').DashboardAlertChangesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardAlerts {\n  alertRules {\n    ...DashboardAlertRule\n  }\n  firing: alerts(state: FIRING, first: 50) {\n    edges {\n      node {\n        ...DashboardAlert\n      }\n    }\n  }\n  past: alerts(state: RESOLVED, first: 20) {\n    edges {\n      node {\n        ...DashboardAlert\n      }\n    }\n  }\n}\n\nfragment DashboardAlertRule on AlertRule {\n  id\n  name\n  enabled\n  cooldownMinutes\n  condition {\n    summary\n    lossRate {\n      above\n      minEvents\n      windowMinutes\n      taskId\n      platform\n      class\n    }\n    newCode {\n      platform\n      class\n      windowMinutes\n    }\n    silence {\n      minutes\n    }\n    quota {\n      remainingBelow\n    }\n  }\n  channels {\n    webhook {\n      url\n      format\n      signed\n    }\n  }\n}\n\nfragment DashboardAlert on Alert {\n  id\n  state\n  value\n  threshold\n  summary\n  remedy\n  firedAt\n  resolvedAt\n  rule {\n    id\n    name\n  }\n  tasks {\n    id\n  }\n  codes {\n    platform\n    code\n    info\n    class\n    count\n    meaning\n  }\n  deliveries {\n    channelIndex\n    event\n    status\n    attempts\n    at\n    error\n    channel {\n      webhook {\n        url\n        format\n      }\n    }\n  }\n}"): typeof import('./graphql.js').DashboardAlertsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DashboardCreateAlertRule($input: AlertRuleInput!) {\n  createAlertRule(input: $input) {\n    ...DashboardAlertRule\n  }\n}"): typeof import('./graphql.js').DashboardCreateAlertRuleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardDaily($taskId: ID!, $from: Date!, $to: Date!) {\n  task(id: $taskId) {\n    id\n    daily(from: $from, to: $to) {\n      day\n      observedAt\n      settled\n      stats {\n        id\n        total\n        sent\n        delivered\n        clicked\n      }\n      loss {\n        id\n        total\n      }\n    }\n  }\n}"): typeof import('./graphql.js').DashboardDailyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DashboardDeleteAlertRule($id: ID!) {\n  deleteAlertRule(id: $id)\n}"): typeof import('./graphql.js').DashboardDeleteAlertRuleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment DashboardDiagnosis on Diagnosis {\n  id\n  class\n  meaning\n  remedy\n  retryable\n  pruneToken\n  source\n}"): typeof import('./graphql.js').DashboardDiagnosisFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment DashboardInstance on InstanceTrace {\n  id\n  instanceId\n  platform\n  eventType\n  deviceModel\n  system\n  systemVersion\n  notificationEnabled\n  recentlyActive\n  pushTime\n  outcome {\n    id\n    result\n    failedStage\n    diagnosis {\n      id\n      class\n      meaning\n      remedy\n      retryable\n      pruneToken\n      source\n    }\n  }\n  stages {\n    id\n    stage\n    status\n    errorCode\n    errorInfo\n    eventTime\n  }\n}"): typeof import('./graphql.js').DashboardInstanceFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardInvalidTokens($platform: [PushPlatform!], $first: Int!, $after: String) {\n  invalidTokens(platform: $platform, first: $first, after: $after) {\n    totalCount\n    edges {\n      cursor\n      node {\n        ...DashboardRecipient\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): typeof import('./graphql.js').DashboardInvalidTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription DashboardProgress($taskId: ID!) {\n  taskProgress(taskId: $taskId) {\n    ...DashboardProgressFigures\n  }\n}"): typeof import('./graphql.js').DashboardProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment DashboardProgressFigures on TaskProgress {\n  taskId\n  sent\n  delivered\n  clicked\n  failed\n  updatedAt\n  byPlatform {\n    platform\n    sent\n    delivered\n    clicked\n    failed\n  }\n  topReasons {\n    stage\n    platform\n    errorCode\n    errorInfo\n    count\n    diagnosis {\n      class\n      meaning\n      remedy\n    }\n  }\n}"): typeof import('./graphql.js').DashboardProgressFiguresFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardPushQuota {\n  pushQuota {\n    dailyLimit\n    used\n    remaining\n    resetsAt\n  }\n}"): typeof import('./graphql.js').DashboardPushQuotaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardPushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      ...DashboardInstance\n    }\n  }\n}"): typeof import('./graphql.js').DashboardPushTracesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardRecentTasks($first: Int!) {\n  recentTasks(first: $first) {\n    edges {\n      node {\n        id\n        title\n        sentAt\n        recipientCount\n        dataId\n        tracked\n      }\n    }\n  }\n}"): typeof import('./graphql.js').DashboardRecentTasksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment DashboardRecipient on Recipient {\n  id\n  account\n  taskId\n  pushId\n  result\n  failedStage\n  lastEventAt\n  devices {\n    platform\n    eventType\n    stage\n    status\n    errorCode\n    errorInfo\n    at\n    diagnosis {\n      id\n      class\n      meaning\n      remedy\n    }\n  }\n}"): typeof import('./graphql.js').DashboardRecipientFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardRecipients($taskId: ID!, $filter: RecipientFilter, $first: Int!, $after: String) {\n  task(id: $taskId) {\n    id\n    recipientSummary {\n      total\n      byResult {\n        result\n        count\n      }\n      byClass {\n        class\n        count\n      }\n    }\n    recipients(filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...DashboardRecipient\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): typeof import('./graphql.js').DashboardRecipientsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DashboardSchedulePush($input: SchedulePushInput!) {\n  schedulePush(input: $input) {\n    id\n    scheduledPush {\n      id\n      at\n      status\n    }\n  }\n}"): typeof import('./graphql.js').DashboardSchedulePushDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DashboardSendAudiencePush($input: SendPushInput!) {\n  sendPush(input: $input) {\n    taskId\n  }\n}"): typeof import('./graphql.js').DashboardSendAudiencePushDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DashboardSendPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    failedAccounts {\n      id\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}"): typeof import('./graphql.js').DashboardSendPushDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardTask($taskId: ID!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        id\n        from\n        to\n        total\n        sent\n        delivered\n        clicked\n        byPlatform {\n          id\n          platform\n          eventType\n          deliveryNeedsReceipts\n          total\n          sent\n          delivered\n          clicked\n        }\n      }\n      loss {\n        id\n        from\n        to\n        total\n        byPlatform {\n          id\n          stage\n          platform\n          count\n        }\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n      }\n      topReasons(limit: 8) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          ...DashboardDiagnosis\n        }\n      }\n    }\n    live {\n      ...DashboardProgressFigures\n    }\n  }\n}"): typeof import('./graphql.js').DashboardTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardTaskAlerts($taskId: ID!) {\n  task(id: $taskId) {\n    id\n    alerts {\n      id\n      summary\n      remedy\n      firedAt\n      rule {\n        id\n        name\n      }\n    }\n  }\n}"): typeof import('./graphql.js').DashboardTaskAlertsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardTasks($ids: [ID!]!) {\n  tasks(ids: $ids) {\n    id\n    summary {\n      id\n      lossRate\n      stats {\n        id\n        total\n        sent\n        delivered\n        clicked\n      }\n      loss {\n        id\n        total\n      }\n    }\n  }\n}"): typeof import('./graphql.js').DashboardTasksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardTraces($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      id\n      userId\n      outcome\n      instances {\n        ...DashboardInstance\n      }\n    }\n  }\n}"): typeof import('./graphql.js').DashboardTracesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DashboardUpdateAlertRule($id: ID!, $input: AlertRuleInput!) {\n  updateAlertRule(id: $id, input: $input) {\n    ...DashboardAlertRule\n  }\n}"): typeof import('./graphql.js').DashboardUpdateAlertRuleDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
