import { createHash, type Hash } from 'node:crypto';
import { TalgenError } from '../core/errors.js';
import { GoRegexp, GoRegexpError } from '../core/go-regexp.js';
import type { GoScalar } from './goyaml.js';
import { decryptLeaf, EncError, encryptLeaf, isEnc, jsValue, leafBytes } from './value.js';

/**
 * The format-independent half of SOPS: which leaves a rule encrypts, the MAC stream, and the per-leaf
 * decrypt/encrypt steps in sops's order (facts: getsops/sops `Tree.Encrypt` / `Tree.Decrypt`).
 */
export type SopsFormat = 'yaml' | 'json' | 'dotenv' | 'ini' | 'binary';

/** The rule fields sops stores in the metadata (at most one of the four path rules). */
export interface SopsRule {
  unencrypted_suffix?: string;
  encrypted_suffix?: string;
  unencrypted_regex?: string;
  encrypted_regex?: string;
  mac_only_encrypted?: boolean;
}

/** sops writes SHA-256("sops") first into a mac_only_encrypted MAC, so the two modes never agree (hashed when needed). */
const macOnlyPrefix = (): Buffer => createHash('sha256').update('sops').digest();

export function displayPath(path: string[]): string {
  return path.length ? path.join('.') : '(top level)';
}

/** sops compiles its `*_regex` rules with Go's `regexp`; a pattern Go refuses is an error at the rule's field. */
function compile(re: string, file: string, field: string): GoRegexp {
  try {
    return GoRegexp.compile(re);
  } catch (e) {
    if (e instanceof GoRegexpError)
      throw new TalgenError(e.message, { file, path: `sops.${field}`, hint: 'sops reads this field as a Go (RE2) regular expression' });
    throw e;
  }
}

/** Hears the plaintext of every encrypted value as it is decrypted. */
export type SecretSink = (value: string) => void;

export class Walker {
  private readonly hash: Hash;
  private readonly encRe?: GoRegexp;
  private readonly unencRe?: GoRegexp;
  readonly macOnly: boolean;

  constructor(
    readonly key: Buffer,
    readonly rule: SopsRule,
    readonly file: string,
    private readonly onSecret?: SecretSink,
  ) {
    this.macOnly = rule.mac_only_encrypted === true;
    this.hash = createHash('sha512');
    if (this.macOnly) this.hash.update(macOnlyPrefix());
    if (rule.encrypted_regex) this.encRe = compile(rule.encrypted_regex, file, 'encrypted_regex');
    if (rule.unencrypted_regex) this.unencRe = compile(rule.unencrypted_regex, file, 'unencrypted_regex');
  }

  /** sops `shouldBeEncrypted`: each rule looks at every key of the path. No rule = unencrypted_suffix `_unencrypted`. */
  encrypts(path: string[]): boolean {
    const r = this.rule;
    if (r.encrypted_suffix) return path.some((k) => k.endsWith(r.encrypted_suffix!));
    if (this.encRe) return path.some((k) => this.encRe!.matchString(k));
    if (this.unencRe) return !path.some((k) => this.unencRe!.matchString(k));
    const suffix = r.unencrypted_suffix || '_unencrypted';
    return !path.some((k) => k.endsWith(suffix));
  }

  /** Hex MAC of everything fed so far (uppercase, as sops writes it). */
  mac(): string {
    return this.hash.digest('hex').toUpperCase();
  }

  /** Decrypt one leaf (or pass it through when the rule leaves it clear) and feed the MAC. */
  open(path: string[], v: GoScalar): GoScalar {
    if (v.type === 'null') return v;
    const enc = this.encrypts(path);
    let out: GoScalar = v;
    if (enc) {
      const where = { file: this.file, path: displayPath(path) };
      if (v.type !== 'str' || (v.value !== '' && !isEnc(v.value))) {
        throw new TalgenError("value is not encrypted although the file's sops rule says it must be (tampered or hand-edited file)", {
          ...where,
          hint: 'restore the file from git, or re-encrypt it with sops / talgen encrypt',
        });
      }
      if (v.value !== '') {
        try {
          out = decryptLeaf(v.value, this.key, `${path.join(':')}:`);
          this.onSecret?.(String(jsValue(out)));
        } catch (e) {
          if (e instanceof EncError)
            throw new TalgenError(`cannot decrypt value: ${e.message}`, {
              ...where,
              hint: 'the ENC[…] value was edited or damaged; restore the file from version control or re-encrypt it with sops',
            });
          throw e;
        }
      }
    }
    if (!this.macOnly || enc) this.hash.update(leafBytes(out as Exclude<GoScalar, { type: 'null' }>));
    return out;
  }

  /** Encrypt one leaf when the rule says so, feeding its plaintext bytes to the MAC. */
  seal(path: string[], v: GoScalar): GoScalar {
    if (v.type === 'null') return v;
    const enc = this.encrypts(path);
    if (!this.macOnly || enc) this.hash.update(leafBytes(v));
    if (!enc || (v.type === 'str' && v.value === '')) return v;
    return { type: 'str', value: encryptLeaf(v, this.key, `${path.join(':')}:`) };
  }

  /**
   * Decrypt a comment line. sops gives comments the path of the map or list that holds them; parsers disagree
   * on where a comment between two levels belongs, so the enclosing paths are tried innermost first. Comments are
   * outside the MAC; one that does not open stays as it is (sops does the same, with a warning).
   */
  openComment(path: string[], text: string): string {
    if (!isEnc(text)) return text;
    for (let n = path.length; n >= 0; n--) {
      try {
        const leaf = decryptLeaf(text, this.key, `${path.slice(0, n).join(':')}:`);
        return String(leaf.value);
      } catch {
        // try the enclosing level
      }
    }
    return text;
  }

  sealComment(path: string[], text: string): string {
    if (text === '' || !this.encrypts(path)) return text;
    return encryptLeaf({ type: 'comment', value: text }, this.key, `${path.join(':')}:`);
  }
}

/** Compare the stored MAC (encrypted with `lastmodified` as AAD) with the computed one. Fail closed. */
export function verifyMac(stored: string | undefined, lastmodified: string, computed: string, key: Buffer, file: string): void {
  if (!stored) {
    throw new TalgenError('file has no sops MAC; refusing to trust it', {
      file,
      path: 'sops.mac',
      hint: 'sops refuses such files too; re-encrypt it with sops or talgen encrypt',
    });
  }
  let plain: string;
  try {
    plain = String(decryptLeaf(stored, key, macAad(lastmodified)).value);
  } catch {
    throw new TalgenError('cannot decrypt the sops MAC (sops.mac or sops.lastmodified was changed)', {
      file,
      path: 'sops.mac',
      hint: 'the file was tampered with or edited without sops; restore it from git',
    });
  }
  if (plain !== computed) {
    throw new TalgenError('MAC mismatch: values were changed, swapped, added or removed since encryption', {
      file,
      path: 'sops.mac',
      hint: 'the file was tampered with or edited without sops; restore it from git',
    });
  }
}

/** sops formats lastmodified with Go RFC3339 (seconds, no fraction) for the MAC's AAD. */
export function macAad(lastmodified: string): string {
  return lastmodified.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, '');
}

export function sealMac(computed: string, lastmodified: string, key: Buffer): string {
  return encryptLeaf({ type: 'str', value: computed }, key, macAad(lastmodified));
}
