/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "query DeliveryOverview($range: StatsRange!) {\n  pushStats(range: $range) {\n    ...Funnel\n    byPlatform {\n      platform\n      eventType\n      deliveryNeedsReceipts\n      ...PlatformFunnel\n    }\n  }\n  overallTaskStats(range: $range) {\n    ...Funnel\n    byPlatform {\n      platform\n      eventType\n      deliveryNeedsReceipts\n      ...PlatformFunnel\n    }\n  }\n}": typeof types.DeliveryOverviewDocument,
    "query Diagnose($platform: PushPlatform, $code: String!, $errorInfo: String) {\n  diagnosis(platform: $platform, code: $code, errorInfo: $errorInfo) {\n    ...DiagnosisDetail\n  }\n}": typeof types.DiagnoseDocument,
    "fragment DiagnosisDetail on Diagnosis {\n  id\n  class\n  meaning\n  remedy\n  retryable\n  pruneToken\n  source\n}": typeof types.DiagnosisDetailFragmentDoc,
    "fragment Funnel on DeliveryStats {\n  id\n  taskId\n  from\n  to\n  total\n  sent\n  delivered\n  clicked\n  sentRate\n  deliveryRate\n  clickRate\n}": typeof types.FunnelFragmentDoc,
    "query LossOverview($range: TimeRange!) {\n  pushLoss(range: $range) {\n    id\n    total\n    byPlatform(stage: POST_SEND_DELIVERED) {\n      id\n      platform\n      errorCode\n      errorInfo\n      count\n    }\n  }\n  ... @defer {\n    overallTaskLoss(range: $range) {\n      id\n      total\n      byPlatform {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n      }\n    }\n  }\n}": typeof types.LossOverviewDocument,
    "fragment LossSummary on LossReport {\n  id\n  taskId\n  from\n  to\n  total\n  readyToSend {\n    id\n    errorCode\n    errorInfo\n    count\n  }\n  postSendDelivered {\n    id\n    errorCode\n    errorInfo\n    count\n  }\n  byPlatform {\n    id\n    stage\n    platform\n    eventType\n    errorCode\n    errorInfo\n    count\n  }\n}": typeof types.LossSummaryFragmentDoc,
    "query NodeById($id: ID!) {\n  node(id: $id) {\n    id\n    ... on UserTrace {\n      ...UserTraceDetail\n    }\n    ... on LossReport {\n      from\n      to\n      total\n    }\n  }\n}": typeof types.NodeByIdDocument,
    "fragment PlatformFunnel on PlatformStats {\n  id\n  total\n  sent\n  delivered\n  clicked\n  sentRate\n  deliveryRate\n  clickRate\n}": typeof types.PlatformFunnelFragmentDoc,
    "query PushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      id\n      instanceId\n      platform\n      pushTime\n      stages {\n        id\n        stage\n        status\n        errorCode\n        errorInfo\n        eventTime\n      }\n    }\n  }\n}": typeof types.PushTracesDocument,
    "mutation RevokePush($input: RevokePushInput!) {\n  revokePush(input: $input) {\n    taskId\n    task {\n      id\n    }\n  }\n}": typeof types.RevokePushDocument,
    "mutation SendBatchPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    task {\n      id\n    }\n    failedAccounts {\n      id\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}": typeof types.SendBatchPushDocument,
    "subscription TaskEvents($taskId: ID) {\n  pushEvents(taskId: $taskId) {\n    eventId\n    account\n    platform\n    stage\n    status\n    errorCode\n    errorInfo\n    eventTime\n  }\n}": typeof types.TaskEventsDocument,
    "query TaskLive($id: ID!) {\n  task(id: $id) {\n    id\n    live {\n      sent\n      delivered\n      clicked\n      failed\n      updatedAt\n    }\n  }\n}": typeof types.TaskLiveDocument,
    "query TaskLossSummary($taskId: ID!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        ...Funnel\n        byPlatform {\n          platform\n          eventType\n          deliveryNeedsReceipts\n          ...PlatformFunnel\n        }\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n        topReason {\n          id\n          errorCode\n          errorInfo\n          count\n          diagnosis {\n            id\n            class\n            remedy\n          }\n        }\n      }\n      topReasons(limit: 5) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          ...DiagnosisDetail\n        }\n      }\n    }\n  }\n}": typeof types.TaskLossSummaryDocument,
    "query TaskOverview($taskId: ID! = \"xxx-yyy-zzz\", $userIds: [ID!]! = [\"xyz\", \"alice\"], $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        id\n        total\n        sent\n        delivered\n        clicked\n        deliveryRate\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n      }\n      topReasons(limit: 3) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          id\n          class\n          meaning\n          remedy\n          retryable\n          pruneToken\n        }\n      }\n    }\n    loss(range: $range) {\n      ...LossSummary\n    }\n    traces(userIds: $userIds) {\n      ...UserTraceDetail\n    }\n  }\n}": typeof types.TaskOverviewDocument,
    "query TaskTracesStream($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      ...UserTraceDetail\n    }\n  }\n}": typeof types.TaskTracesStreamDocument,
    "query TasksLoss($ids: [ID!]!, $range: TimeRange) {\n  tasks(ids: $ids) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n  }\n}": typeof types.TasksLossDocument,
    "fragment UserTraceDetail on UserTrace {\n  id\n  taskId\n  userId\n  outcome\n  instances {\n    id\n    instanceId\n    pushTime\n    eventType\n    platform\n    deviceModel\n    system\n    systemVersion\n    token\n    certId\n    sdkVersion\n    pushVersion\n    notificationEnabled\n    recentlyActive\n    outcome {\n      id\n      result\n      failedStage\n      diagnosis {\n        id\n        class\n        meaning\n        remedy\n        pruneToken\n      }\n    }\n    stages {\n      id\n      stage\n      status\n      errorCode\n      errorInfo\n      eventTime\n    }\n  }\n}": typeof types.UserTraceDetailFragmentDoc,
    "subscription WatchTask($taskId: ID!) {\n  taskProgress(taskId: $taskId) {\n    taskId\n    sent\n    delivered\n    clicked\n    failed\n    byPlatform {\n      platform\n      sent\n      delivered\n      clicked\n      failed\n    }\n    topReasons {\n      stage\n      platform\n      errorCode\n      errorInfo\n      count\n      diagnosis {\n        class\n        meaning\n        remedy\n      }\n    }\n    updatedAt\n  }\n}": typeof types.WatchTaskDocument,
};
const documents: Documents = {
    "query DeliveryOverview($range: StatsRange!) {\n  pushStats(range: $range) {\n    ...Funnel\n    byPlatform {\n      platform\n      eventType\n      deliveryNeedsReceipts\n      ...PlatformFunnel\n    }\n  }\n  overallTaskStats(range: $range) {\n    ...Funnel\n    byPlatform {\n      platform\n      eventType\n      deliveryNeedsReceipts\n      ...PlatformFunnel\n    }\n  }\n}": types.DeliveryOverviewDocument,
    "query Diagnose($platform: PushPlatform, $code: String!, $errorInfo: String) {\n  diagnosis(platform: $platform, code: $code, errorInfo: $errorInfo) {\n    ...DiagnosisDetail\n  }\n}": types.DiagnoseDocument,
    "fragment DiagnosisDetail on Diagnosis {\n  id\n  class\n  meaning\n  remedy\n  retryable\n  pruneToken\n  source\n}": types.DiagnosisDetailFragmentDoc,
    "fragment Funnel on DeliveryStats {\n  id\n  taskId\n  from\n  to\n  total\n  sent\n  delivered\n  clicked\n  sentRate\n  deliveryRate\n  clickRate\n}": types.FunnelFragmentDoc,
    "query LossOverview($range: TimeRange!) {\n  pushLoss(range: $range) {\n    id\n    total\n    byPlatform(stage: POST_SEND_DELIVERED) {\n      id\n      platform\n      errorCode\n      errorInfo\n      count\n    }\n  }\n  ... @defer {\n    overallTaskLoss(range: $range) {\n      id\n      total\n      byPlatform {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n      }\n    }\n  }\n}": types.LossOverviewDocument,
    "fragment LossSummary on LossReport {\n  id\n  taskId\n  from\n  to\n  total\n  readyToSend {\n    id\n    errorCode\n    errorInfo\n    count\n  }\n  postSendDelivered {\n    id\n    errorCode\n    errorInfo\n    count\n  }\n  byPlatform {\n    id\n    stage\n    platform\n    eventType\n    errorCode\n    errorInfo\n    count\n  }\n}": types.LossSummaryFragmentDoc,
    "query NodeById($id: ID!) {\n  node(id: $id) {\n    id\n    ... on UserTrace {\n      ...UserTraceDetail\n    }\n    ... on LossReport {\n      from\n      to\n      total\n    }\n  }\n}": types.NodeByIdDocument,
    "fragment PlatformFunnel on PlatformStats {\n  id\n  total\n  sent\n  delivered\n  clicked\n  sentRate\n  deliveryRate\n  clickRate\n}": types.PlatformFunnelFragmentDoc,
    "query PushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      id\n      instanceId\n      platform\n      pushTime\n      stages {\n        id\n        stage\n        status\n        errorCode\n        errorInfo\n        eventTime\n      }\n    }\n  }\n}": types.PushTracesDocument,
    "mutation RevokePush($input: RevokePushInput!) {\n  revokePush(input: $input) {\n    taskId\n    task {\n      id\n    }\n  }\n}": types.RevokePushDocument,
    "mutation SendBatchPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    task {\n      id\n    }\n    failedAccounts {\n      id\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}": types.SendBatchPushDocument,
    "subscription TaskEvents($taskId: ID) {\n  pushEvents(taskId: $taskId) {\n    eventId\n    account\n    platform\n    stage\n    status\n    errorCode\n    errorInfo\n    eventTime\n  }\n}": types.TaskEventsDocument,
    "query TaskLive($id: ID!) {\n  task(id: $id) {\n    id\n    live {\n      sent\n      delivered\n      clicked\n      failed\n      updatedAt\n    }\n  }\n}": types.TaskLiveDocument,
    "query TaskLossSummary($taskId: ID!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        ...Funnel\n        byPlatform {\n          platform\n          eventType\n          deliveryNeedsReceipts\n          ...PlatformFunnel\n        }\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n        topReason {\n          id\n          errorCode\n          errorInfo\n          count\n          diagnosis {\n            id\n            class\n            remedy\n          }\n        }\n      }\n      topReasons(limit: 5) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          ...DiagnosisDetail\n        }\n      }\n    }\n  }\n}": types.TaskLossSummaryDocument,
    "query TaskOverview($taskId: ID! = \"xxx-yyy-zzz\", $userIds: [ID!]! = [\"xyz\", \"alice\"], $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        id\n        total\n        sent\n        delivered\n        clicked\n        deliveryRate\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n      }\n      topReasons(limit: 3) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          id\n          class\n          meaning\n          remedy\n          retryable\n          pruneToken\n        }\n      }\n    }\n    loss(range: $range) {\n      ...LossSummary\n    }\n    traces(userIds: $userIds) {\n      ...UserTraceDetail\n    }\n  }\n}": types.TaskOverviewDocument,
    "query TaskTracesStream($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      ...UserTraceDetail\n    }\n  }\n}": types.TaskTracesStreamDocument,
    "query TasksLoss($ids: [ID!]!, $range: TimeRange) {\n  tasks(ids: $ids) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n  }\n}": types.TasksLossDocument,
    "fragment UserTraceDetail on UserTrace {\n  id\n  taskId\n  userId\n  outcome\n  instances {\n    id\n    instanceId\n    pushTime\n    eventType\n    platform\n    deviceModel\n    system\n    systemVersion\n    token\n    certId\n    sdkVersion\n    pushVersion\n    notificationEnabled\n    recentlyActive\n    outcome {\n      id\n      result\n      failedStage\n      diagnosis {\n        id\n        class\n        meaning\n        remedy\n        pruneToken\n      }\n    }\n    stages {\n      id\n      stage\n      status\n      errorCode\n      errorInfo\n      eventTime\n    }\n  }\n}": types.UserTraceDetailFragmentDoc,
    "subscription WatchTask($taskId: ID!) {\n  taskProgress(taskId: $taskId) {\n    taskId\n    sent\n    delivered\n    clicked\n    failed\n    byPlatform {\n      platform\n      sent\n      delivered\n      clicked\n      failed\n    }\n    topReasons {\n      stage\n      platform\n      errorCode\n      errorInfo\n      count\n      diagnosis {\n        class\n        meaning\n        remedy\n      }\n    }\n    updatedAt\n  }\n}": types.WatchTaskDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DeliveryOverview($range: StatsRange!) {\n  pushStats(range: $range) {\n    ...Funnel\n    byPlatform {\n      platform\n      eventType\n      deliveryNeedsReceipts\n      ...PlatformFunnel\n    }\n  }\n  overallTaskStats(range: $range) {\n    ...Funnel\n    byPlatform {\n      platform\n      eventType\n      deliveryNeedsReceipts\n      ...PlatformFunnel\n    }\n  }\n}"): (typeof documents)["query DeliveryOverview($range: StatsRange!) {\n  pushStats(range: $range) {\n    ...Funnel\n    byPlatform {\n      platform\n      eventType\n      deliveryNeedsReceipts\n      ...PlatformFunnel\n    }\n  }\n  overallTaskStats(range: $range) {\n    ...Funnel\n    byPlatform {\n      platform\n      eventType\n      deliveryNeedsReceipts\n      ...PlatformFunnel\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Diagnose($platform: PushPlatform, $code: String!, $errorInfo: String) {\n  diagnosis(platform: $platform, code: $code, errorInfo: $errorInfo) {\n    ...DiagnosisDetail\n  }\n}"): (typeof documents)["query Diagnose($platform: PushPlatform, $code: String!, $errorInfo: String) {\n  diagnosis(platform: $platform, code: $code, errorInfo: $errorInfo) {\n    ...DiagnosisDetail\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment DiagnosisDetail on Diagnosis {\n  id\n  class\n  meaning\n  remedy\n  retryable\n  pruneToken\n  source\n}"): (typeof documents)["fragment DiagnosisDetail on Diagnosis {\n  id\n  class\n  meaning\n  remedy\n  retryable\n  pruneToken\n  source\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment Funnel on DeliveryStats {\n  id\n  taskId\n  from\n  to\n  total\n  sent\n  delivered\n  clicked\n  sentRate\n  deliveryRate\n  clickRate\n}"): (typeof documents)["fragment Funnel on DeliveryStats {\n  id\n  taskId\n  from\n  to\n  total\n  sent\n  delivered\n  clicked\n  sentRate\n  deliveryRate\n  clickRate\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LossOverview($range: TimeRange!) {\n  pushLoss(range: $range) {\n    id\n    total\n    byPlatform(stage: POST_SEND_DELIVERED) {\n      id\n      platform\n      errorCode\n      errorInfo\n      count\n    }\n  }\n  ... @defer {\n    overallTaskLoss(range: $range) {\n      id\n      total\n      byPlatform {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n      }\n    }\n  }\n}"): (typeof documents)["query LossOverview($range: TimeRange!) {\n  pushLoss(range: $range) {\n    id\n    total\n    byPlatform(stage: POST_SEND_DELIVERED) {\n      id\n      platform\n      errorCode\n      errorInfo\n      count\n    }\n  }\n  ... @defer {\n    overallTaskLoss(range: $range) {\n      id\n      total\n      byPlatform {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment LossSummary on LossReport {\n  id\n  taskId\n  from\n  to\n  total\n  readyToSend {\n    id\n    errorCode\n    errorInfo\n    count\n  }\n  postSendDelivered {\n    id\n    errorCode\n    errorInfo\n    count\n  }\n  byPlatform {\n    id\n    stage\n    platform\n    eventType\n    errorCode\n    errorInfo\n    count\n  }\n}"): (typeof documents)["fragment LossSummary on LossReport {\n  id\n  taskId\n  from\n  to\n  total\n  readyToSend {\n    id\n    errorCode\n    errorInfo\n    count\n  }\n  postSendDelivered {\n    id\n    errorCode\n    errorInfo\n    count\n  }\n  byPlatform {\n    id\n    stage\n    platform\n    eventType\n    errorCode\n    errorInfo\n    count\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NodeById($id: ID!) {\n  node(id: $id) {\n    id\n    ... on UserTrace {\n      ...UserTraceDetail\n    }\n    ... on LossReport {\n      from\n      to\n      total\n    }\n  }\n}"): (typeof documents)["query NodeById($id: ID!) {\n  node(id: $id) {\n    id\n    ... on UserTrace {\n      ...UserTraceDetail\n    }\n    ... on LossReport {\n      from\n      to\n      total\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PlatformFunnel on PlatformStats {\n  id\n  total\n  sent\n  delivered\n  clicked\n  sentRate\n  deliveryRate\n  clickRate\n}"): (typeof documents)["fragment PlatformFunnel on PlatformStats {\n  id\n  total\n  sent\n  delivered\n  clicked\n  sentRate\n  deliveryRate\n  clickRate\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      id\n      instanceId\n      platform\n      pushTime\n      stages {\n        id\n        stage\n        status\n        errorCode\n        errorInfo\n        eventTime\n      }\n    }\n  }\n}"): (typeof documents)["query PushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      id\n      instanceId\n      platform\n      pushTime\n      stages {\n        id\n        stage\n        status\n        errorCode\n        errorInfo\n        eventTime\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokePush($input: RevokePushInput!) {\n  revokePush(input: $input) {\n    taskId\n    task {\n      id\n    }\n  }\n}"): (typeof documents)["mutation RevokePush($input: RevokePushInput!) {\n  revokePush(input: $input) {\n    taskId\n    task {\n      id\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SendBatchPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    task {\n      id\n    }\n    failedAccounts {\n      id\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}"): (typeof documents)["mutation SendBatchPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    task {\n      id\n    }\n    failedAccounts {\n      id\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription TaskEvents($taskId: ID) {\n  pushEvents(taskId: $taskId) {\n    eventId\n    account\n    platform\n    stage\n    status\n    errorCode\n    errorInfo\n    eventTime\n  }\n}"): (typeof documents)["subscription TaskEvents($taskId: ID) {\n  pushEvents(taskId: $taskId) {\n    eventId\n    account\n    platform\n    stage\n    status\n    errorCode\n    errorInfo\n    eventTime\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TaskLive($id: ID!) {\n  task(id: $id) {\n    id\n    live {\n      sent\n      delivered\n      clicked\n      failed\n      updatedAt\n    }\n  }\n}"): (typeof documents)["query TaskLive($id: ID!) {\n  task(id: $id) {\n    id\n    live {\n      sent\n      delivered\n      clicked\n      failed\n      updatedAt\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TaskLossSummary($taskId: ID!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        ...Funnel\n        byPlatform {\n          platform\n          eventType\n          deliveryNeedsReceipts\n          ...PlatformFunnel\n        }\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n        topReason {\n          id\n          errorCode\n          errorInfo\n          count\n          diagnosis {\n            id\n            class\n            remedy\n          }\n        }\n      }\n      topReasons(limit: 5) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          ...DiagnosisDetail\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query TaskLossSummary($taskId: ID!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        ...Funnel\n        byPlatform {\n          platform\n          eventType\n          deliveryNeedsReceipts\n          ...PlatformFunnel\n        }\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n        topReason {\n          id\n          errorCode\n          errorInfo\n          count\n          diagnosis {\n            id\n            class\n            remedy\n          }\n        }\n      }\n      topReasons(limit: 5) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          ...DiagnosisDetail\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TaskOverview($taskId: ID! = \"xxx-yyy-zzz\", $userIds: [ID!]! = [\"xyz\", \"alice\"], $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        id\n        total\n        sent\n        delivered\n        clicked\n        deliveryRate\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n      }\n      topReasons(limit: 3) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          id\n          class\n          meaning\n          remedy\n          retryable\n          pruneToken\n        }\n      }\n    }\n    loss(range: $range) {\n      ...LossSummary\n    }\n    traces(userIds: $userIds) {\n      ...UserTraceDetail\n    }\n  }\n}"): (typeof documents)["query TaskOverview($taskId: ID! = \"xxx-yyy-zzz\", $userIds: [ID!]! = [\"xyz\", \"alice\"], $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    summary(range: $range) {\n      id\n      lossRate\n      stats {\n        id\n        total\n        sent\n        delivered\n        clicked\n        deliveryRate\n      }\n      byPlatform {\n        id\n        platform\n        sendable\n        delivered\n        lost\n        lossRate\n      }\n      topReasons(limit: 3) {\n        id\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n        share\n        diagnosis {\n          id\n          class\n          meaning\n          remedy\n          retryable\n          pruneToken\n        }\n      }\n    }\n    loss(range: $range) {\n      ...LossSummary\n    }\n    traces(userIds: $userIds) {\n      ...UserTraceDetail\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TaskTracesStream($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      ...UserTraceDetail\n    }\n  }\n}"): (typeof documents)["query TaskTracesStream($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      ...UserTraceDetail\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TasksLoss($ids: [ID!]!, $range: TimeRange) {\n  tasks(ids: $ids) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n  }\n}"): (typeof documents)["query TasksLoss($ids: [ID!]!, $range: TimeRange) {\n  tasks(ids: $ids) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment UserTraceDetail on UserTrace {\n  id\n  taskId\n  userId\n  outcome\n  instances {\n    id\n    instanceId\n    pushTime\n    eventType\n    platform\n    deviceModel\n    system\n    systemVersion\n    token\n    certId\n    sdkVersion\n    pushVersion\n    notificationEnabled\n    recentlyActive\n    outcome {\n      id\n      result\n      failedStage\n      diagnosis {\n        id\n        class\n        meaning\n        remedy\n        pruneToken\n      }\n    }\n    stages {\n      id\n      stage\n      status\n      errorCode\n      errorInfo\n      eventTime\n    }\n  }\n}"): (typeof documents)["fragment UserTraceDetail on UserTrace {\n  id\n  taskId\n  userId\n  outcome\n  instances {\n    id\n    instanceId\n    pushTime\n    eventType\n    platform\n    deviceModel\n    system\n    systemVersion\n    token\n    certId\n    sdkVersion\n    pushVersion\n    notificationEnabled\n    recentlyActive\n    outcome {\n      id\n      result\n      failedStage\n      diagnosis {\n        id\n        class\n        meaning\n        remedy\n        pruneToken\n      }\n    }\n    stages {\n      id\n      stage\n      status\n      errorCode\n      errorInfo\n      eventTime\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription WatchTask($taskId: ID!) {\n  taskProgress(taskId: $taskId) {\n    taskId\n    sent\n    delivered\n    clicked\n    failed\n    byPlatform {\n      platform\n      sent\n      delivered\n      clicked\n      failed\n    }\n    topReasons {\n      stage\n      platform\n      errorCode\n      errorInfo\n      count\n      diagnosis {\n        class\n        meaning\n        remedy\n      }\n    }\n    updatedAt\n  }\n}"): (typeof documents)["subscription WatchTask($taskId: ID!) {\n  taskProgress(taskId: $taskId) {\n    taskId\n    sent\n    delivered\n    clicked\n    failed\n    byPlatform {\n      platform\n      sent\n      delivered\n      clicked\n      failed\n    }\n    topReasons {\n      stage\n      platform\n      errorCode\n      errorInfo\n      count\n      diagnosis {\n        class\n        meaning\n        remedy\n      }\n    }\n    updatedAt\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;