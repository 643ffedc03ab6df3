/**
 * What a PKI run found and did (or, in a dry run, would do), per item. Contains no secret: names,
 * subjects, reasons and expiry dates only.
 */
import type { KeyAlgorithm } from '../inventory/model.js';
import type { CaName } from './catalog.js';

/**
 * keep: present and current. create: new key and certificate (or secret). reissue: new
 * certificate for the existing key. rotate: new key and certificate, on request. unused: on disk
 * but no longer needed by the inventory (left in place).
 */
export type PkiAction = 'keep' | 'create' | 'reissue' | 'rotate' | 'unused';

export type PkiItemKind = 'ca' | 'certificate' | 'key-pair' | 'secret';

export interface PkiReportItem {
  /**
   * State-directory name (`apiserver`, `etcd/server-knode4`, `sa`, `bootstrap-token`, ...); a
   * host's report token is `report-token/<host>` (its `--rotate` name; the file is
   * `report-tokens/<host>`).
   */
  name: string;
  kind: PkiItemKind;
  action: PkiAction;
  /** Why it is re-issued (or re-created beside existing files); empty for keep and a first issue. */
  reasons: string[];
  /** Information that needs no action now (e.g. a CA close to expiry, a key of another algorithm). */
  notes: string[];
  issuer?: CaName;
  /** Certificate subject, e.g. `CN=admin, O=system:masters`. */
  subject?: string;
  /** What a non-certificate item is. */
  description?: string;
  keyAlgorithm?: KeyAlgorithm;
  /** ISO 8601; the expiry after this run (or the current one in a dry run when unchanged). */
  notAfter?: string;
  /** ISO 8601; the expiry of the certificate in the state directory before this run, if any. */
  currentNotAfter?: string;
}

export interface PkiReport {
  stateDir: string;
  dryRun: boolean;
  items: PkiReportItem[];
  /** Private keys generated (or that would be). */
  keysGenerated: number;
  /** Certificates signed (or that would be). */
  certificatesIssued: number;
  /** Secrets written (or that would be): the encryption key, the bootstrap token, report tokens. */
  secretsWritten: number;
}
