// WD6xxx: diagnostics of the code trace stage. Stable: CI scripts and docs/trace.md refer to them.

export const TRACE_CODES = {
  /** A tag whose text does not follow the grammar (missing reference, keyword, control, text). */
  malformedTag: 'WD6001',
  /** `Api.spofing`: not a STRIDE category name. */
  unknownCategory: 'WD6002',
  /** `Apii.spoofing` / `@element Apii`: no element or flow of that name in the model. */
  unknownElement: 'WD6003',
  /** `TH-deadbeef`: no threat with that id in the register. */
  unknownThreatId: 'WD6004',
  /** `Threats.Api_spofing`: no constant of that name would be generated for this model. */
  unknownThreatConstant: 'WD6005',
  /** The element exists but has no threat in that category (or none from that rule). */
  noSuchThreat: 'WD6006',
  /** `@boundary Interent`: no boundary of that name. */
  unknownBoundary: 'WD6007',
  /** `@mitigates spoofing` with no `@element` in scope to say whose spoofing. */
  missingElement: 'WD6008',
  /** `until 2027-02-30`: not a calendar date in yyyy-mm-dd form. */
  invalidDate: 'WD6009',
  /** `@boundary` says the code runs in one boundary, the model puts its `@element` in another. */
  boundaryMismatch: 'WD6010',
  /** `by mTLS`: not a control the model (or its library) declares. */
  unknownControl: 'WD6011',
  /** An `@accepts` whose `until` date has passed: expired acceptances fail the build. */
  expiredAcceptance: 'WD6012',
  /** An `@accepts` on a threat the model already accepts, excludes, or code mitigates. */
  acceptanceIgnored: 'WD6013',
  /** `@mitigate`, `@expose`...: a near miss of a Warden tag, silently ignored otherwise. */
  nearMissTag: 'WD6014',
  /** A source directory or file given on the command line does not exist, or a source file cannot be read. */
  sourceNotFound: 'WD6020',
  /** The tsconfig given with --tsconfig cannot be read or parsed. */
  badTsconfig: 'WD6021',
  /** A source file (given, linked, or from a tsconfig's file set) resolves outside the project root: not read. */
  outsideRoot: 'WD6022',
} as const;

/**
 * Codes that mean "a tag refers to something that is not there or cannot be read": the set
 * `warden trace --fail-on-unknown` turns into errors and exit 1.
 */
export const UNKNOWN_REFERENCE_CODES: ReadonlySet<string> = new Set([
  TRACE_CODES.malformedTag,
  TRACE_CODES.unknownCategory,
  TRACE_CODES.unknownElement,
  TRACE_CODES.unknownThreatId,
  TRACE_CODES.unknownThreatConstant,
  TRACE_CODES.noSuchThreat,
  TRACE_CODES.unknownBoundary,
  TRACE_CODES.missingElement,
  TRACE_CODES.invalidDate,
  TRACE_CODES.unknownControl,
  TRACE_CODES.nearMissTag,
]);
