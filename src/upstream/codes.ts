// The upstream's error codes: what they mean (from the seeds and the common code table) and how to treat them.

export const CODE_MEANINGS: Readonly<Record<number, string>> = {
  60003: 'The request body is not valid JSON.',
  60007: 'The REST API call frequency exceeds the limit. Reduce the request frequency.',
  60010: 'The request requires App administrator permissions.',
  70001: 'The UserSig has expired. Generate a new one.',
  70003: 'The UserSig is invalid.',
  70009: 'The UserSig failed verification: check the secret key and the SDKAppID.',
  70013: 'The identifier in the request does not match the one in the UserSig.',
  70014: 'The SDKAppID in the request does not match the one in the UserSig.',
  70050: 'Too many failed UserSig verifications: the account is locked for a while.',
  70052: 'The UserSig has been invalidated.',
  70107: 'The account does not exist.',
  90001: 'Failed to parse the JSON format. Ensure the request packet conforms to the JSON specification.',
  90005: 'MsgRandom is missing or is not an integer.',
  90009: 'The request lacks permissions. Use the administrator to call.',
  90018: 'The request lists too many accounts: at most 100 a call (500 for batch).',
  90020: 'A tag is longer than 50 bytes.',
  90022: 'A tag is in both TagsOr and TagsAnd.',
  90024: 'All-user and tag pushes must be more than 1 second apart.',
  90026: 'The offline storage time is not valid.',
  90032: 'A condition holds more than 10 tags.',
  90033: 'An attribute is not valid: set attribute names (setAttributeNames) before using them.',
  90035: 'The attribute or tag is bound to the other kind of account (UserID or RegistrationID).',
  90039: 'Tags and attributes cannot be combined in one push.',
  90040: 'A tag is empty.',
  90045: 'The push service is not enabled. Ensure the service is turned on.',
  90047: 'The daily number of all-user and tag pushes is used up (100 by default, 10 on the free edition).',
  90049:
    'The TaskId is not valid, or no push record exists for it: only TaskIds returned by push or batch can be revoked.',
  90050: 'The push has already been revoked.',
  90051: 'Revoke is called more than once per second. Reduce the request frequency.',
  90052: 'The push is more than 24 hours old and can no longer be revoked.',
  90053: 'OfflinePushInfo is required to revoke this push (it stored roaming or unread messages).',
  90056: 'The push body is larger than 10 KB.',
  90057: 'The provided DataId exceeds the maximum allowed length of 64 bytes.',
  90100: 'Invalid request parameters. Check whether the parameters are legal according to the documentation.',
  90102: 'Internal error, please try again later.',
  90103: 'Failed to switch accounts. Please check if the UserID is valid.',
  90104: 'A request parameter of the scheduled task is not valid (its TaskID, Type or SchedAt).',
  90107: 'The scheduled task is dispatching or dispatched: it can no longer be changed or cancelled.',
  91000: 'Request error or internal service error; try again.',
};

/** Answers that mean "try again": internal errors and the frequency limit. */
export const TRANSIENT_CODES: ReadonlySet<number> = new Set([60007, 90102, 91000]);

export const FREQUENCY_LIMIT_CODE = 60007;

export const describeCode = (code: number, info: string): string => CODE_MEANINGS[code] ?? info;
