import type { SourcePosition } from '../inventory/diagnostic.js';

/**
 * Errors raised while turning a plan into HostConfigs. A `ProfileError` is about the user's input
 * (a missing template variable in an override, an unknown user profile, an artifact that cannot be
 * verified without a pin); the CLI turns it into a Diagnostic. Anything else is a bug.
 */
export type ProfileErrorCode =
  | 'TEMPLATE_RENDER'
  | 'TEMPLATE_MISSING'
  | 'PROFILE_UNKNOWN'
  | 'PROFILE_INVALID'
  | 'PROFILE_CONFLICT'
  | 'ARTIFACT_PIN_REQUIRED'
  | 'VERSION_UNSUPPORTED';

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(
    readonly code: ProfileErrorCode,
    message: string,
    /** Path into the inventory or profile directory the problem points at. */
    readonly path: string,
    readonly hint: string,
    /**
     * Where the value is written when it is not in the inventory (a user profile file); absent:
     * the CLI places `path` in the inventory.
     */
    readonly position?: SourcePosition,
  ) {
    super(message);
  }
}
